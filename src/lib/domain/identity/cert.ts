/**
 * One learner, several devices: each device keeps its own signing key (never extractable, never
 * copied), and the learner's keys vouch for each other. A cert is one key's signature saying
 * "this other key is also me"; it names no group, so it is made once when two paired devices
 * first see each other's keys and serves in every group. In a group, a device whose key is not
 * the member's own key opens its chain with a `join` that carries the member's key and the cert
 * the member's key signed for it (domain/group/ledger.ts checks both).
 */
import { base64urlnopad } from '@scure/base';
import {
	importPublicKey,
	signBytes,
	verifyBytes,
	type Identity,
	type PublicIdentity
} from './keys';

const LABEL = 'koers/device-cert/v1';

/** The exact bytes a key signs to vouch for another of the same learner's keys. */
function certBytes(signer: PublicIdentity, subject: PublicIdentity): Uint8Array {
	const parts = [LABEL, signer.alg, signer.publicRaw, subject.alg, subject.publicRaw];
	return new TextEncoder().encode(parts.map((part) => `${part.length}:${part}`).join('|'));
}

/** Signs that `subject` is also the learner holding `signer` (base64url signature). */
export async function certify(signer: Identity, subject: PublicIdentity): Promise<string> {
	const signed = await signBytes(signer, certBytes(signer, subject));
	return base64urlnopad.encode(signed);
}

/** Whether `sig` is `signer`'s cert for `subject`. Never throws on hostile input. */
export async function checkCert(
	signer: PublicIdentity,
	subject: PublicIdentity,
	sig: string
): Promise<boolean> {
	try {
		const key = await importPublicKey(signer);
		return await verifyBytes(
			signer.alg,
			key,
			base64urlnopad.decode(sig),
			certBytes(signer, subject)
		);
	} catch {
		return false;
	}
}
