/**
 * Signed contributions to a learning group. Every member holds the group's key, so the key alone
 * cannot stop a member from writing in another's name; each contribution is therefore signed by
 * its author's identity key, and readers believe only what verifies against the author's pinned
 * key. What is signed binds the group, its epoch, the author and their position in their own
 * chain (seq and the previous envelope's hash), so a contribution cannot be replayed into another
 * group, epoch or place, nor changed after signing.
 */
import { base64urlnopad } from '@scure/base';
import * as v from 'valibot';
import {
	importPublicKey,
	signBytes,
	verifyBytes,
	type Identity,
	type PublicIdentity
} from './keys';

/** Payloads are capped: a contribution is an item, a comment or a membership record. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

const b64 = (max: number) => v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/), v.maxLength(max));

/** A signed contribution as it travels and is stored. */
export const EnvelopeSchema = v.strictObject({
	v: v.literal(1),
	group: b64(64),
	epoch: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
	author: b64(64),
	seq: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
	/** The hash of the author's previous envelope; empty for their first. */
	prev: b64(64),
	payload: b64(Math.ceil((MAX_PAYLOAD_BYTES * 4) / 3) + 4),
	sig: b64(128)
});
export type Envelope = v.InferOutput<typeof EnvelopeSchema>;

/** Where a contribution sits: which group and epoch, whose, and its place in their chain. */
export type EnvelopeHeader = Omit<Envelope, 'v' | 'payload' | 'sig'>;

const LABEL = 'koers/contribution/v1';

/** The exact bytes an author signs: a domain label and every field, each length-prefixed. */
function signedBytes(header: EnvelopeHeader, payload: Uint8Array): Uint8Array {
	const text = new TextEncoder();
	const parts = [
		text.encode(LABEL),
		text.encode(header.group),
		text.encode(String(header.epoch)),
		text.encode(header.author),
		text.encode(String(header.seq)),
		text.encode(header.prev),
		payload
	];
	const total = parts.reduce((sum, part) => sum + 4 + part.length, 0);
	const out = new Uint8Array(total);
	const view = new DataView(out.buffer);
	let at = 0;
	for (const part of parts) {
		view.setUint32(at, part.length);
		out.set(part, at + 4);
		at += 4 + part.length;
	}
	return out;
}

/** Signs a contribution with the author's identity. */
export async function sealContribution(
	identity: Identity,
	header: EnvelopeHeader,
	payload: Uint8Array
): Promise<Envelope> {
	if (payload.length > MAX_PAYLOAD_BYTES) throw new RangeError('Contribution too large');
	const sig = await signBytes(identity, signedBytes(header, payload));
	return {
		v: 1,
		...header,
		payload: base64urlnopad.encode(payload),
		sig: base64urlnopad.encode(sig)
	};
}

/** An envelope's id: SHA-256 over its signed bytes and signature, base64url. */
export async function envelopeHash(envelope: Envelope): Promise<string> {
	const bytes = signedBytes(envelope, decode(envelope.payload));
	const sig = decode(envelope.sig);
	const all = new Uint8Array(bytes.length + sig.length);
	all.set(bytes);
	all.set(sig, bytes.length);
	return base64urlnopad.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', all)));
}

/** Why an envelope is not believed. */
export type EnvelopeRefusal = 'malformed' | 'bad-key' | 'bad-signature';

/**
 * Opens an envelope from anyone: checks its shape, then its signature against the key pinned
 * for its author. Returns the payload only when both hold; never throws on hostile input.
 */
export async function openContribution(
	input: unknown,
	authorKey: PublicIdentity
): Promise<
	{ ok: true; envelope: Envelope; payload: Uint8Array } | { ok: false; reason: EnvelopeRefusal }
> {
	const parsed = v.safeParse(EnvelopeSchema, input);
	if (!parsed.success) return { ok: false, reason: 'malformed' };
	const envelope = parsed.output;
	let payload: Uint8Array;
	let sig: Uint8Array;
	try {
		payload = decode(envelope.payload);
		sig = decode(envelope.sig);
	} catch {
		return { ok: false, reason: 'malformed' };
	}
	if (payload.length > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'malformed' };
	let key: CryptoKey;
	try {
		key = await importedKey(authorKey);
	} catch {
		return { ok: false, reason: 'bad-key' };
	}
	const valid = await verifyBytes(authorKey.alg, key, sig, signedBytes(envelope, payload));
	return valid ? { ok: true, envelope, payload } : { ok: false, reason: 'bad-signature' };
}

/** Public keys imported before (a group has a few dozen authors, each with many envelopes). */
const imported = new Map<string, Promise<CryptoKey>>();

function importedKey(identity: PublicIdentity): Promise<CryptoKey> {
	const id = `${identity.alg}:${identity.publicRaw}`;
	let key = imported.get(id);
	if (!key) {
		if (imported.size >= 1_000) imported.clear();
		key = importPublicKey(identity);
		imported.set(id, key);
		key.catch(() => imported.delete(id));
	}
	return key;
}

function decode(text: string): Uint8Array {
	return base64urlnopad.decode(text);
}
