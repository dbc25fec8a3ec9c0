/**
 * A member's identity: a signing key pair made with WebCrypto and kept on their devices. Ed25519
 * where the browser has it, ECDSA P-256 otherwise; the private half is never extractable, so a
 * page script can use it but never copy it. The public half travels as raw bytes with its `alg`.
 */
import { base64urlnopad } from '@scure/base';
import * as v from 'valibot';

export type SigningAlg = 'Ed25519' | 'ECDSA-P256';

/** A member's own key pair; the private key cannot be exported. */
export interface Identity {
	alg: SigningAlg;
	privateKey: CryptoKey;
	publicKey: CryptoKey;
	/** The public key as raw bytes, base64url: what others pin. */
	publicRaw: string;
}

/** A public key as it travels: its algorithm and raw bytes (base64url). */
export const PublicIdentitySchema = v.strictObject({
	alg: v.picklist(['Ed25519', 'ECDSA-P256']),
	publicRaw: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43,87}$/))
});
/** A public key as others see it. */
export type PublicIdentity = v.InferOutput<typeof PublicIdentitySchema>;

const PARAMS: Record<
	SigningAlg,
	{ key: EcKeyImportParams | Algorithm; sign: Algorithm | EcdsaParams }
> = {
	Ed25519: { key: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
	'ECDSA-P256': {
		key: { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyImportParams,
		sign: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams
	}
};

/** Raw public key length per algorithm (Ed25519: 32 bytes; P-256 uncompressed point: 65). */
const RAW_LENGTH: Record<SigningAlg, number> = { Ed25519: 32, 'ECDSA-P256': 65 };

/** Makes a new identity: Ed25519 where this browser has it, ECDSA P-256 otherwise. */
export async function createIdentity(
	prefer: readonly SigningAlg[] = ['Ed25519', 'ECDSA-P256']
): Promise<Identity> {
	let lastError: unknown;
	for (const alg of prefer) {
		try {
			const pair = (await crypto.subtle.generateKey(PARAMS[alg].key, false, [
				'sign',
				'verify'
			])) as CryptoKeyPair;
			const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
			return {
				alg,
				privateKey: pair.privateKey,
				publicKey: pair.publicKey,
				publicRaw: base64urlnopad.encode(raw)
			};
		} catch (error) {
			// Not supported here (older browsers lack Ed25519): try the next algorithm.
			lastError = error;
		}
	}
	throw new Error('This browser cannot make a signing key', { cause: lastError });
}

/** Thrown when a public key is not a valid key of its algorithm. */
export class BadPublicKeyError extends Error {
	constructor() {
		super('Not a valid public key');
		this.name = 'BadPublicKeyError';
	}
}

/** Imports a public key from its raw form; refuses anything of the wrong shape. */
export async function importPublicKey(identity: PublicIdentity): Promise<CryptoKey> {
	let raw: Uint8Array;
	try {
		raw = base64urlnopad.decode(identity.publicRaw);
	} catch {
		throw new BadPublicKeyError();
	}
	if (!(identity.alg in RAW_LENGTH) || raw.length !== RAW_LENGTH[identity.alg]) {
		throw new BadPublicKeyError();
	}
	try {
		return await crypto.subtle.importKey(
			'raw',
			raw as BufferSource,
			PARAMS[identity.alg].key,
			true,
			['verify']
		);
	} catch {
		throw new BadPublicKeyError();
	}
}

/** Signs bytes with a member's private key. */
export async function signBytes(identity: Identity, bytes: Uint8Array): Promise<Uint8Array> {
	return new Uint8Array(
		await crypto.subtle.sign(PARAMS[identity.alg].sign, identity.privateKey, bytes as BufferSource)
	);
}

/** Whether `signature` over `bytes` was made by the holder of `key`. Never throws. */
export async function verifyBytes(
	alg: SigningAlg,
	key: CryptoKey,
	signature: Uint8Array,
	bytes: Uint8Array
): Promise<boolean> {
	try {
		return await crypto.subtle.verify(
			PARAMS[alg].sign,
			key,
			signature as BufferSource,
			bytes as BufferSource
		);
	} catch {
		return false;
	}
}

/**
 * A short fingerprint of a public key to compare in person ("safety number"): four groups of
 * five digits taken from SHA-256 over alg and key.
 */
export async function fingerprint(identity: PublicIdentity): Promise<string> {
	const bytes = new TextEncoder().encode(`${identity.alg}:${identity.publicRaw}`);
	const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	const groups: string[] = [];
	for (let i = 0; i < 4; i++) {
		const n = ((hash[i * 3]! << 16) | (hash[i * 3 + 1]! << 8) | hash[i * 3 + 2]!) % 100_000;
		groups.push(String(n).padStart(5, '0'));
	}
	return groups.join(' ');
}
