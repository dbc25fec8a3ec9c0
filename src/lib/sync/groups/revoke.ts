/**
 * A removed device loses its voice in the learner's groups. When the learner removes a device
 * (state/devices), its key is marked revoked (db/identity.ts, synced to the devices that stay),
 * and each device that stays signs a `revoke` of it into each group it is a member of, unless one
 * of the learner's devices already did (domain/group/revocation.ts says what readers believe).
 * The sweep runs again whenever keys, certs or groups change, so a device that could not sign in
 * a group yet (not confirmed there) or was closed at the removal does it later.
 */
import { groupLinks, listGroups, type GroupRecord } from '$lib/db/groups';
import { learnerKeys, myDeviceKey, revokeKeysOf } from '$lib/db/identity';
import { withLock } from '$lib/db/locks';
import { chainsFromLinks } from '$lib/domain/group/ledger';
import { DeviceNotConfirmedError } from './own-chain';
import { contribute } from './session';

/** Revokes the keys of a removed device (by its device-sync id) in every group. */
export async function revokeDevice(device: string): Promise<number> {
	await revokeKeysOf(device);
	return revokeRemovedKeys();
}

/**
 * Signs a revocation of every revoked key of the learner into each group where none of the
 * learner's devices signed one yet; returns how many were signed.
 */
export function revokeRemovedKeys(): Promise<number> {
	return withLock('koers-group-revoke', async () => {
		const [keys, me, groups] = await Promise.all([learnerKeys(), myDeviceKey(), listGroups()]);
		const revoked = keys.filter((key) => key.revokedAt).map((key) => key.id);
		// A device whose own key was revoked has been removed: it speaks for nobody.
		if (!revoked.length || revoked.includes(me.id)) return 0;
		const keep = keys.filter((key) => !key.revokedAt).map((key) => key.id);
		let signed = 0;
		for (const group of groups.filter((g) => g.status === 'member'))
			signed += await revokeIn(group, revoked, keep);
		return signed;
	});
}

async function revokeIn(group: GroupRecord, revoked: string[], keep: string[]): Promise<number> {
	const links = await groupLinks(group.id);
	const done = new Set<string>();
	for (const chain of chainsFromLinks(links).values()) {
		const join = chain[0]?.contribution;
		const member = join?.t === 'join' ? (join.member?.id ?? chain[0]!.author) : undefined;
		if (member !== group.myMemberId) continue;
		for (const { contribution } of chain)
			if (contribution.t === 'revoke') done.add(contribution.author);
	}
	let signed = 0;
	for (const author of revoked) {
		if (done.has(author)) continue;
		// What this device holds of the removed key's chain stays; anything later is refused.
		const after = links.reduce((max, l) => (l.author === author ? Math.max(max, l.seq) : max), 0);
		try {
			await contribute(group.id, { t: 'revoke', author, after, keep });
			signed += 1;
		} catch (error) {
			// Not confirmed in this group yet: the sweep runs again when the cert arrives.
			if (!(error instanceof DeviceNotConfirmedError)) throw error;
		}
	}
	return signed;
}
