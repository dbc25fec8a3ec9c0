import { certify, checkCert } from '$lib/domain/identity/cert';
import { createIdentity, type Identity, type PublicIdentity } from '$lib/domain/identity/keys';
import type { LearnerCertRecord, LearnerKeyRecord } from '$lib/domain/group/device-tables';
import { memberIdOf } from '$lib/domain/group/member-id';
import { db } from './koers-db';

/**
 * This learner's identity for learning groups, on each of their devices. The choice, and why:
 *
 * - **Each device has its own signing key pair**, made on first need and kept as CryptoKeys (the
 *   private one not extractable: structured clone keeps it usable in IndexedDB, but no script can
 *   read its bytes). It never travels: syncing a private key would need it readable, and two
 *   devices signing one chain while apart would sign two links at one place, which every reader
 *   must take for equivocation. So each device writes its own chain in a group.
 * - **The learner's keys vouch for each other.** Each device publishes its public key in
 *   `learnerKeys`; device sync (over the paired devices' encrypted channel, never in backups)
 *   carries it to the others, and each device signs a cert for every other key of the learner it
 *   finds there (`learnerCerts`, synced too). Pairing is the trust: only paired devices write these
 *   tables, and each record is checked against its schema (domain/group/device-tables.ts).
 * - **In a group the learner is one member**: the member whose key joined (the group record's
 *   `myMemberId`, synced). Another device joins that group's chain as a device of that member,
 *   with the member key's cert for it (domain/group/ledger.ts checks it).
 * - **Two devices that each made a key before pairing**: both keys stay, and vouch for each other
 *   once synced, so groups joined with either key keep working from every device. A new group is
 *   joined as the member whose key has the smallest id among the keys that vouch for this device
 *   (`memberToJoinAs`): the same choice on every device once their keys and certs have synced.
 *
 * - **A removed device's key is revoked**: its record in `learnerKeys` gets `revokedAt` (the
 *   record names the device holding the key), no device vouches for it or joins as it any more,
 *   and sync/groups/revoke.ts signs its revocation into every group.
 *
 * Flows: own key pair → identity (this device only); its public half (with this device's id) →
 * learnerKeys → other devices; their public keys → certify → learnerCerts → other devices; a
 * device removed → revokedAt on its key → other devices.
 */
export interface IdentityRecord extends Identity {
	id: 'self';
	createdAt: string;
}

let making: Promise<Identity> | undefined;

/** This device's identity; made, stored and published the first time it is asked for. */
export function myIdentity(): Promise<Identity> {
	making ??= (async () => {
		const stored = await db.identity.get('self');
		const identity = stored ?? (await makeIdentity());
		await publishKey(identity);
		return identity;
	})().catch((error: unknown) => {
		making = undefined;
		throw error;
	});
	return making;
}

async function makeIdentity(): Promise<Identity> {
	const made = await createIdentity();
	// Another tab may have made one meanwhile: the first stored wins, in one transaction.
	return db.transaction('rw', db.identity, async () => {
		const existing = await db.identity.get('self');
		if (existing) return existing;
		const record: IdentityRecord = { id: 'self', createdAt: new Date().toISOString(), ...made };
		await db.identity.put(record);
		return record;
	});
}

const publicOf = (key: PublicIdentity): PublicIdentity => ({
	alg: key.alg,
	publicRaw: key.publicRaw
});

/** Puts this device's public key among the learner's keys, with the device holding it (once). */
async function publishKey(identity: Identity): Promise<void> {
	const id = await memberIdOf(publicOf(identity));
	const stored = await db.learnerKeys.get(id);
	if (stored?.device) return;
	const { thisDevice } = await import('./device-sync');
	const device = await thisDevice();
	if (stored) await db.learnerKeys.update(id, { device });
	else
		await db.learnerKeys.put({
			id,
			...publicOf(identity),
			createdAt: new Date().toISOString(),
			device
		});
}

/**
 * Marks the keys of a removed device revoked (found by the device id their record names);
 * returns their ids.
 */
export async function revokeKeysOf(device: string): Promise<string[]> {
	return db.transaction('rw', db.learnerKeys, async () => {
		const keys = await db.learnerKeys.filter((key) => key.device === device).toArray();
		const revokedAt = new Date().toISOString();
		for (const key of keys) if (!key.revokedAt) await db.learnerKeys.update(key.id, { revokedAt });
		return keys.map((key) => key.id);
	});
}

/** This device's key as a group sees it: its author id and public key. */
export async function myDeviceKey(): Promise<{ id: string; key: PublicIdentity }> {
	const key = publicOf(await myIdentity());
	return { id: await memberIdOf(key), key };
}

/**
 * Signs a cert for each key of the learner's other devices that this device has not vouched for
 * yet; a key whose id does not derive from it is skipped. Returns how many were signed.
 */
export async function certifyMyDevices(): Promise<number> {
	const identity = await myIdentity();
	const me = await myDeviceKey();
	const [keys, certs] = await Promise.all([db.learnerKeys.toArray(), db.learnerCerts.toArray()]);
	const made = new Set(certs.map((cert) => cert.id));
	const signed: LearnerCertRecord[] = [];
	for (const key of keys) {
		const id = `${me.id}>${key.id}`;
		if (key.id === me.id || made.has(id) || key.revokedAt) continue;
		if ((await memberIdOf(publicOf(key))) !== key.id) continue;
		signed.push({
			id,
			signer: me.id,
			subject: key.id,
			sig: await certify(identity, publicOf(key))
		});
	}
	if (signed.length) await db.learnerCerts.bulkPut(signed);
	return signed.length;
}

/** What a device of member `memberId` shows in a group's join: the member's key and its cert. */
export interface MemberCert {
	id: string;
	key: PublicIdentity;
	cert: string;
}

/**
 * The cert by which member `memberId`'s key vouches for this device (checked), or undefined when
 * it has not arrived yet. Null when `memberId` is this device's own key.
 */
export async function memberCert(memberId: string): Promise<MemberCert | null | undefined> {
	const me = await myDeviceKey();
	if (memberId === me.id) return null;
	const [key, cert] = await Promise.all([
		db.learnerKeys.get(memberId),
		db.learnerCerts.get(`${memberId}>${me.id}`)
	]);
	if (!key || !cert || !(await checkCert(publicOf(key), me.key, cert.sig))) return undefined;
	return { id: memberId, key: publicOf(key), cert: cert.sig };
}

/**
 * The member to join a new group as: of this device's key and the learner's keys that vouch for
 * it, the one with the smallest id (the same on every device once keys and certs synced).
 */
export async function memberToJoinAs(): Promise<{ id: string; cert: MemberCert | null }> {
	const me = await myDeviceKey();
	const revoked = new Set((await revokedKeys()).map((key) => key.id));
	const vouching = (await db.learnerCerts.toArray())
		.filter((cert) => cert.subject === me.id && !revoked.has(cert.signer))
		.map((cert) => cert.signer)
		.sort();
	for (const id of [...new Set([me.id, ...vouching])].sort()) {
		const cert = await memberCert(id);
		if (cert !== undefined) return { id, cert };
	}
	return { id: me.id, cert: null };
}

/** The learner's keys on all their devices (this one included). */
export function learnerKeys(): Promise<LearnerKeyRecord[]> {
	return db.learnerKeys.toArray();
}

/** The keys of the learner's removed devices. */
export function revokedKeys(): Promise<LearnerKeyRecord[]> {
	return db.learnerKeys.filter((key) => key.revokedAt !== undefined).toArray();
}

/**
 * Whether this device takes part in groups or keys at all (a group here, or another device's
 * key arrived): only then is a key made and are others vouched for. Watched by state.
 */
export async function identityInUse(): Promise<{
	groups: number;
	keys: number;
	certs: number;
	revoked: number;
}> {
	const [groups, keys, certs, revoked] = await Promise.all([
		db.groups.count(),
		db.learnerKeys.count(),
		db.learnerCerts.count(),
		db.learnerKeys.filter((key) => key.revokedAt !== undefined).count()
	]);
	return { groups, keys, certs, revoked };
}

/** Forgets the cached identity (after the database was wiped or replaced). */
export function forgetIdentityCache(): void {
	making = undefined;
}
