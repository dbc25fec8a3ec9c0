/**
 * What a learning group derives from the secret of one epoch (HKDF-SHA-256, labels distinct
 * from those of shares, so a group's room never meets a share's): its room id, the secret its
 * room seals with, and a commitment to the secret that the creator signs when the group moves to
 * this epoch. Handing a new epoch's secret to a member happens over a key agreed for that one
 * hand-over (ephemeral ECDH P-256, bound into the member's signed proof), so someone holding only
 * an old secret who sits between the two learns nothing.
 */
import {
	importPublicKey,
	signBytes,
	verifyBytes,
	type Identity,
	type PublicIdentity
} from '$lib/domain/identity/keys';
import { fromBase64Url, toBase64Url } from '../sealed';

const text = new TextEncoder();

async function derive(secret: string, label: string, bytes: number): Promise<string> {
	const raw = fromBase64Url(secret);
	if (raw.length !== 32) throw new Error('A group secret has 32 bytes');
	const base = await crypto.subtle.importKey('raw', raw as BufferSource, 'HKDF', false, [
		'deriveBits'
	]);
	const bits = await crypto.subtle.deriveBits(
		{ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: text.encode(label) },
		base,
		bytes * 8
	);
	return toBase64Url(new Uint8Array(bits));
}

/** The room of one epoch: its signaling topic and the secret the peer layer seals it with. */
export async function groupRoom(secret: string): Promise<{ room: string; roomSecret: string }> {
	const [room, roomSecret] = await Promise.all([
		derive(secret, 'koers/group-room/v1', 16),
		derive(secret, 'koers/group-room-secret/v1', 32)
	]);
	return { room, roomSecret };
}

/** A commitment to an epoch's secret (reveals nothing of it): 32 bytes, base64url. */
export const epochCommitment = (secret: string): Promise<string> =>
	derive(secret, 'koers/group-epoch/v1', 32);

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** A key pair for one hand-over; its public half (raw, base64url) goes into the signed proof. */
export async function handoverKey(): Promise<{ privateKey: CryptoKey; publicRaw: string }> {
	const pair = (await crypto.subtle.generateKey(ECDH, false, ['deriveBits'])) as CryptoKeyPair;
	const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
	return { privateKey: pair.privateKey, publicRaw: toBase64Url(raw) };
}

async function sharedKey(privateKey: CryptoKey, theirRaw: string): Promise<CryptoKey> {
	const theirs = await crypto.subtle.importKey(
		'raw',
		fromBase64Url(theirRaw) as BufferSource,
		ECDH,
		false,
		[]
	);
	const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: theirs }, privateKey, 256);
	const base = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
	return crypto.subtle.deriveKey(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: new Uint8Array(0),
			info: text.encode('koers/group-handover/v1')
		},
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

/** Seals `secret` for the holder of the hand-over key `theirRaw`. */
export async function sealHandover(
	theirRaw: string,
	secret: string
): Promise<{ ecdh: string; iv: string; ct: string }> {
	const mine = await handoverKey();
	const key = await sharedKey(mine.privateKey, theirRaw);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const ct = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv },
		key,
		fromBase64Url(secret) as BufferSource
	);
	return { ecdh: mine.publicRaw, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) };
}

/** Opens a hand-over sealed for our key; null when it does not open. */
export async function openHandover(
	privateKey: CryptoKey,
	sealed: { ecdh: string; iv: string; ct: string }
): Promise<string | null> {
	try {
		const key = await sharedKey(privateKey, sealed.ecdh);
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: fromBase64Url(sealed.iv) as BufferSource },
			key,
			fromBase64Url(sealed.ct) as BufferSource
		);
		return plain.byteLength === 32 ? toBase64Url(new Uint8Array(plain)) : null;
	} catch {
		return null;
	}
}

/**
 * The bytes a member signs to prove, on one direct connection, that they hold their identity
 * key: the group, the room, both peer ids, the other side's fresh nonce and the hand-over key.
 */
export function proofBytes(fields: {
	group: string;
	room: string;
	from: string;
	to: string;
	nonce: string;
	ecdh: string;
}): Uint8Array {
	const parts = [
		'koers/group-proof/v1',
		fields.group,
		fields.room,
		fields.from,
		fields.to,
		fields.nonce,
		fields.ecdh
	];
	return text.encode(parts.map((part) => `${part.length}:${part}`).join('|'));
}

/** What a proof binds (see proofBytes). */
export type ProofFields = Parameters<typeof proofBytes>[0];

/** Signs a proof of holding `identity` on one direct connection (base64url). */
export async function signProof(identity: Identity, fields: ProofFields): Promise<string> {
	return toBase64Url(await signBytes(identity, proofBytes(fields)));
}

/** Whether `sig` proves `fields` with the pinned key `pin`. Never throws on hostile input. */
export async function checkProof(
	pin: PublicIdentity,
	sig: string,
	fields: ProofFields
): Promise<boolean> {
	try {
		return await verifyBytes(
			pin.alg,
			await importPublicKey(pin),
			fromBase64Url(sig),
			proofBytes(fields)
		);
	} catch {
		return false;
	}
}

/**
 * Opens a hand-over of an epoch's secret and checks it against the creator's commitment to
 * that secret: the secret, or null when it does not open or is not the one committed to.
 */
export async function takeHandover(
	privateKey: CryptoKey,
	sealed: { ecdh: string; iv: string; ct: string },
	commitment: string
): Promise<string | null> {
	const secret = await openHandover(privateKey, sealed);
	return secret && (await epochCommitment(secret)) === commitment ? secret : null;
}
