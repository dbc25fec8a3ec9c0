/**
 * This device's own chain in a group. Each device of a learner signs with its own key (see
 * db/identity.ts), so each writes its own chain; the device whose key is the member's joined the
 * group itself, any other first joins as a device of that member, with the member key's cert.
 */
import { appendOwn, groupLinks, ownHead, type GroupRecord } from '$lib/db/groups';
import { memberCert, myDeviceKey, myIdentity } from '$lib/db/identity';
import { contributionBytes, type Contribution } from '$lib/domain/group/contribution';
import { chainsFromLinks, type Link } from '$lib/domain/group/ledger';
import { groupView } from '$lib/domain/group/view';
import { envelopeHash, sealContribution } from '$lib/domain/identity/envelope';

/**
 * This device cannot write in the group yet: the learner's device whose key is the member here
 * has not vouched for this device's key (the two have not synced since pairing), or the
 * member's own join has not arrived here yet.
 */
export class DeviceNotConfirmedError extends Error {
	constructor() {
		super('This device is not confirmed for this group yet');
		this.name = 'DeviceNotConfirmedError';
	}
}

/** Signs one link at the head of this device's chain (under the cross-tab write lock). */
async function append(group: GroupRecord, contribution: Contribution): Promise<Link> {
	const identity = await myIdentity();
	const { id: author } = await myDeviceKey();
	return appendOwn(group.id, author, async (head) => {
		const seq = (head?.seq ?? 0) + 1;
		const envelope = await sealContribution(
			identity,
			{ group: group.id, epoch: group.epoch, author, seq, prev: head?.hash ?? '' },
			contributionBytes(contribution)
		);
		return { author, seq, epoch: group.epoch, hash: await envelopeHash(envelope), envelope };
	});
}

/** The join of this device as a device of the learner's member in `group`. */
async function deviceJoin(group: GroupRecord): Promise<Contribution> {
	const me = await myDeviceKey();
	const member = await memberCert(group.myMemberId);
	if (!member) throw new DeviceNotConfirmedError();
	const view = groupView(group.creator, chainsFromLinks(await groupLinks(group.id)));
	const name = view.members.find((m) => m.id === group.myMemberId)?.name;
	if (!name) throw new DeviceNotConfirmedError();
	return { t: 'join', name, key: me.key, member };
}

/**
 * Whether this device has no chain in the group yet although the learner is a member there (it
 * learnt of the group from another of their devices).
 */
export async function needsDeviceJoin(group: GroupRecord): Promise<boolean> {
	const me = await myDeviceKey();
	return group.myMemberId !== me.id && !(await ownHead(group.id, me.id));
}

/** Joins as a device of the learner's member if this device has no chain in the group yet. */
export async function joinAsDevice(group: GroupRecord): Promise<Link[]> {
	if (!(await needsDeviceJoin(group))) return [];
	return [await append(group, await deviceJoin(group))];
}

/**
 * Signs the learner's next contribution from this device; a device that has not written in the
 * group yet joins first. Returns the links written, in order.
 */
export async function signOwn(group: GroupRecord, contribution: Contribution): Promise<Link[]> {
	const links = contribution.t === 'join' ? [] : await joinAsDevice(group);
	links.push(await append(group, contribution));
	return links;
}
