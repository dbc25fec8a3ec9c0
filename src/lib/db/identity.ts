import { createIdentity, type Identity } from '$lib/domain/identity/keys';
import { db } from './koers-db';

/**
 * This learner's identity for learning groups: one signing key pair per learner database, made
 * on first need and kept as CryptoKeys (the private one not extractable: structured clone keeps
 * it usable in IndexedDB, but no script can read its bytes).
 */
export interface IdentityRecord extends Identity {
	id: 'self';
	createdAt: string;
}

let making: Promise<Identity> | undefined;

/** The learner's identity; made and stored the first time it is asked for. */
export function myIdentity(): Promise<Identity> {
	making ??= (async () => {
		const stored = await db.identity.get('self');
		if (stored) return stored;
		const made = await createIdentity();
		// Another tab may have made one meanwhile: the first stored wins, in one transaction.
		return db.transaction('rw', db.identity, async () => {
			const existing = await db.identity.get('self');
			if (existing) return existing;
			const record: IdentityRecord = { id: 'self', createdAt: new Date().toISOString(), ...made };
			await db.identity.put(record);
			return record;
		});
	})().catch((error: unknown) => {
		making = undefined;
		throw error;
	});
	return making;
}

/** Forgets the cached identity (after the database was wiped or replaced). */
export function forgetIdentityCache(): void {
	making = undefined;
}
