/**
 * AES-256-GCM envelopes for the peer layer: a fresh random IV, then ciphertext and tag. Used for
 * every signaling payload (so the server sees only ciphertext) and every data-channel frame.
 */
import { base64urlnopad } from '@scure/base';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** What sealing adds to a message. */
export const ENVELOPE_BYTES = IV_BYTES + TAG_BYTES;

/** Seals bytes; `header` (sent in clear) is authenticated with them. */
export async function sealBytes(
	key: CryptoKey,
	plain: Uint8Array,
	header?: Uint8Array
): Promise<Uint8Array<ArrayBuffer>> {
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const params: AesGcmParams = { name: 'AES-GCM', iv };
	if (header) params.additionalData = header as BufferSource;
	const cipher = await crypto.subtle.encrypt(params, key, plain as BufferSource);
	const out = new Uint8Array(IV_BYTES + cipher.byteLength);
	out.set(iv);
	out.set(new Uint8Array(cipher), IV_BYTES);
	return out;
}

/** Opens sealed bytes; null when they do not open (wrong key, changed, cut short). */
export async function openBytes(
	key: CryptoKey,
	sealed: Uint8Array,
	header?: Uint8Array
): Promise<Uint8Array | null> {
	if (sealed.byteLength < ENVELOPE_BYTES) return null;
	const params: AesGcmParams = {
		name: 'AES-GCM',
		iv: sealed.subarray(0, IV_BYTES) as BufferSource
	};
	if (header) params.additionalData = header as BufferSource;
	try {
		return new Uint8Array(
			await crypto.subtle.decrypt(params, key, sealed.subarray(IV_BYTES) as BufferSource)
		);
	} catch {
		return null;
	}
}

/** Seals a JSON value as base64url text (a signaling payload). */
export async function sealJson(key: CryptoKey, value: unknown): Promise<string> {
	const plain = new TextEncoder().encode(JSON.stringify(value));
	return base64urlnopad.encode(await sealBytes(key, plain));
}

/** Opens a signaling payload; null for anything that is not text sealed with `key`. */
export async function openJson(key: CryptoKey, text: unknown): Promise<unknown> {
	if (typeof text !== 'string' || text.length > 512 * 1024) return null;
	let bytes: Uint8Array;
	try {
		bytes = base64urlnopad.decode(text);
	} catch {
		return null;
	}
	const plain = await openBytes(key, bytes);
	if (!plain) return null;
	try {
		return JSON.parse(new TextDecoder().decode(plain)) as unknown;
	} catch {
		return null;
	}
}
