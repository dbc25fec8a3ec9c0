/**
 * A coach signs what they write back (feedback, sign-offs, ratings) with their identity key (the
 * one they use in learning groups, domain/identity). The signature covers the response and the
 * share it answers, so it cannot be moved to another share, and nothing in it can be changed
 * after signing. The learner pins a coach's key the first time that coach answers in a share:
 * a later answer under the same name with another key is not taken as theirs. The signature is
 * kept with the response, so the learner can prove later that a sign-off came from that key.
 */
import { base64urlnopad } from '@scure/base';
import canonicalize from 'canonicalize';
import * as v from 'valibot';
import {
	importPublicKey,
	PublicIdentitySchema,
	signBytes,
	verifyBytes,
	type Identity,
	type PublicIdentity
} from '../identity/keys';
import { checkPin, type Pin } from '../identity/pins';

/** The signer's public key and the signature (base64url), as they travel with a response. */
export const ResponseSignatureSchema = v.strictObject({
	signer: PublicIdentitySchema,
	sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{80,200}$/))
});
export type ResponseSignature = v.InferOutput<typeof ResponseSignatureSchema>;

/**
 * How far the learner can trust who wrote a response:
 * - `signed`: signed by the key pinned for this author in this share (the first one seen);
 * - `otherKey`: validly signed, but by another key than the one pinned for this name;
 * - `unsigned`: from a Koers without signatures (or a reply made without an identity).
 */
export type ResponseTrust = 'signed' | 'otherKey' | 'unsigned';

/** A response that may carry a signature. */
interface Signable {
	id: string;
	author: string;
	signature?: ResponseSignature;
	[field: string]: unknown;
}

const CONTEXT = 'koers-response-v1';

function signedBytes(shareId: string, response: Signable): Uint8Array {
	const { signature: _signature, ...rest } = response;
	return new TextEncoder().encode(
		canonicalize({ context: CONTEXT, shareId, response: rest }) ?? ''
	);
}

/** Signs a response for the share it answers; returns it with its signature. */
export async function signResponse<R extends Signable>(
	identity: Identity,
	shareId: string,
	response: R
): Promise<R & { signature: ResponseSignature }> {
	const sig = await signBytes(identity, signedBytes(shareId, response));
	return {
		...response,
		signature: {
			signer: { alg: identity.alg, publicRaw: identity.publicRaw },
			sig: base64urlnopad.encode(sig)
		}
	};
}

/** Whether a response's signature holds (false for a changed or forged one). Never throws. */
export async function signatureHolds(shareId: string, response: Signable): Promise<boolean> {
	const signature = response.signature;
	if (!signature) return false;
	try {
		const key = await importPublicKey(signature.signer);
		return await verifyBytes(
			signature.signer.alg,
			key,
			base64urlnopad.decode(signature.sig),
			signedBytes(shareId, response)
		);
	} catch {
		return false;
	}
}

/** Who a coach is within one share, for pinning: their name there. */
export function coachPinId(shareId: string, author: string): string {
	return `${shareId}|${author.trim().toLowerCase()}`;
}

/**
 * Judges incoming responses of one share, in order: a forged or changed signature refuses the
 * response (null); a valid one is `signed` when its key is the one pinned for the author (or is
 * the first seen, which pins it), `otherKey` otherwise. `pins` holds what is pinned already and
 * gains the new pins.
 */
export async function judgeResponses<R extends Signable>(
	shareId: string,
	responses: readonly R[],
	pins: Map<string, Pin>,
	now: string
): Promise<{ response: R; trust: ResponseTrust }[]> {
	const judged: { response: R; trust: ResponseTrust }[] = [];
	for (const response of responses) {
		if (!response.signature) {
			judged.push({ response, trust: 'unsigned' });
			continue;
		}
		if (!(await signatureHolds(shareId, response))) continue;
		const id = coachPinId(shareId, response.author);
		const signer: PublicIdentity = response.signature.signer;
		const verdict = checkPin(pins.get(id), signer);
		if (verdict.kind === 'new') pins.set(id, { id, ...signer, pinnedAt: now });
		judged.push({ response, trust: verdict.kind === 'conflict' ? 'otherKey' : 'signed' });
	}
	return judged;
}
