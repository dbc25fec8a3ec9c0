/**
 * Sealed payloads for share links and files: JSON, compressed, then encrypted with AES-256-GCM
 * under a key derived (HKDF-SHA-256) from the share's 256-bit secret and the payload's purpose.
 * Opening checks integrity (GCM) and refuses anything that inflates past a size cap.
 */
import { base64urlnopad } from '@scure/base';

export type SealPurpose = 'snapshot' | 'reply' | 'file' | 'media' | 'signal' | 'peer';

/** Thrown when a payload cannot be opened: wrong key, tampered, too large or not JSON. */
export class SealError extends Error {
	constructor(readonly reason: 'corrupt' | 'tooLarge') {
		super(`Cannot open payload: ${reason}`);
		this.name = 'SealError';
	}
}

/** A new random 256-bit secret, base64url. */
export function randomSecret(): string {
	return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** A new random room id (128 bits), base64url. */
export function randomRoom(): string {
	return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/** Bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
	return base64urlnopad.encode(bytes);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Reads base64url (no padding). The unused low bits of the last character are ignored, as
 * `atob` did before: hand-made links (and older tests) carry secrets such as "BBB…B".
 */
export function fromBase64Url(text: string): Uint8Array {
	if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new SealError('corrupt');
	const spare = text.length % 4 === 2 ? 0b1111 : text.length % 4 === 3 ? 0b11 : 0;
	const last = text.length - 1;
	const canonical = spare
		? text.slice(0, last) + ALPHABET[ALPHABET.indexOf(text[last]!) & ~spare]
		: text;
	try {
		return base64urlnopad.decode(canonical);
	} catch {
		throw new SealError('corrupt');
	}
}

/** The key that seals the frames of a share's media channel (see media-frames.ts). */
export const mediaKey = (secret: string): Promise<CryptoKey> => keyFor(secret, 'media');

/** The AES-256-GCM key for one purpose of a share's secret (HKDF-SHA-256). */
export async function keyFor(secret: string, purpose: SealPurpose): Promise<CryptoKey> {
	const base = await secretKey(secret);
	return crypto.subtle.deriveKey(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: new Uint8Array(0),
			info: new TextEncoder().encode(`koers/${purpose}/v1`)
		},
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

async function secretKey(secret: string): Promise<CryptoKey> {
	const raw = fromBase64Url(secret);
	if (raw.length !== 32) throw new SealError('corrupt');
	return crypto.subtle.importKey('raw', raw as BufferSource, 'HKDF', false, [
		'deriveKey',
		'deriveBits'
	]);
}

/**
 * A short value derived from the secret (48 bits, 8 base64url characters) that a link can carry
 * beside it: a secret with a changed character no longer matches it, so the link is refused at
 * once instead of waiting for peers that can never answer. It reveals nothing of the secret.
 */
export async function keyCheck(secret: string): Promise<string> {
	const bits = await crypto.subtle.deriveBits(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: new Uint8Array(0),
			info: new TextEncoder().encode('koers/check/v1')
		},
		await secretKey(secret),
		48
	);
	return toBase64Url(new Uint8Array(bits));
}

/**
 * `bytes` through a (de)compression stream; throws SealError('tooLarge') as soon as the output
 * passes `max` bytes (so a small input that inflates to gigabytes costs no more than `max`).
 */
export async function pipeBytes(
	bytes: Uint8Array,
	transform: CompressionStream | DecompressionStream,
	max: number
) {
	const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(transform).getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > max) {
			await reader.cancel();
			throw new SealError('tooLarge');
		}
		parts.push(value);
	}
	const out = new Uint8Array(size);
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.byteLength;
	}
	return out;
}

/** Seals a JSON value; returns base64url text. */
export async function seal(value: unknown, secret: string, purpose: SealPurpose): Promise<string> {
	const json = new TextEncoder().encode(JSON.stringify(value));
	const compressed = await pipeBytes(json, new CompressionStream('deflate-raw'), Infinity);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const key = await keyFor(secret, purpose);
	const cipher = new Uint8Array(
		await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, compressed as BufferSource)
	);
	const out = new Uint8Array(iv.length + cipher.length);
	out.set(iv);
	out.set(cipher, iv.length);
	return toBase64Url(out);
}

/** Opens a sealed payload; the JSON inside is still untrusted and must be parsed by the caller. */
export async function unseal(
	payload: string,
	secret: string,
	purpose: SealPurpose,
	maxBytes = 8 * 1024 * 1024
): Promise<unknown> {
	let plain: Uint8Array;
	try {
		const bytes = fromBase64Url(payload);
		if (bytes.length < 29) throw new SealError('corrupt');
		const key = await keyFor(secret, purpose);
		plain = new Uint8Array(
			await crypto.subtle.decrypt(
				{ name: 'AES-GCM', iv: bytes.subarray(0, 12) as BufferSource },
				key,
				bytes.subarray(12) as BufferSource
			)
		);
	} catch (error) {
		throw error instanceof SealError ? error : new SealError('corrupt');
	}
	let json: Uint8Array;
	try {
		json = await pipeBytes(plain, new DecompressionStream('deflate-raw'), maxBytes);
	} catch (error) {
		throw error instanceof SealError ? error : new SealError('corrupt');
	}
	try {
		return JSON.parse(new TextDecoder().decode(json)) as unknown;
	} catch {
		throw new SealError('corrupt');
	}
}
