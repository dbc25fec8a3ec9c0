/**
 * Creating and joining a learning group: the group's record, then the learner's signed `join`
 * (their chosen name and public key) as the first link of their chain; the creator also signs
 * the group's name and purpose.
 */
import { getGroup, ownHead, saveGroup, type GroupRecord } from '$lib/db/groups';
import { memberToJoinAs, myDeviceKey } from '$lib/db/identity';
import type { Contribution } from '$lib/domain/group/contribution';
import type { Invite } from '$lib/domain/group/invite';
import { randomRoom, randomSecret } from '../sealed';
import { contribute } from './session';

/**
 * Who the learner joins as (db/identity.ts: the same member from every device), and the join
 * this device signs under the name they chose.
 */
async function me(name: string): Promise<{ id: string; join: Contribution }> {
	const [device, member] = await Promise.all([myDeviceKey(), memberToJoinAs()]);
	return {
		id: member.id,
		join: { t: 'join', name, key: device.key, ...(member.cert && { member: member.cert }) }
	};
}

/** Creates a group with the learner as its creator; returns its id. */
export async function createGroup(fields: {
	name: string;
	purpose: string;
	myName: string;
}): Promise<string> {
	const { id: memberId, join } = await me(fields.myName);
	const secret = randomSecret();
	const group: GroupRecord = {
		id: randomRoom(),
		name: fields.name,
		purpose: fields.purpose,
		creator: memberId,
		epoch: 0,
		secret,
		secrets: { 0: secret },
		myMemberId: memberId,
		joinedAt: new Date().toISOString(),
		status: 'member'
	};
	await saveGroup(group);
	await contribute(group.id, join);
	await contribute(group.id, { t: 'about', name: fields.name, purpose: fields.purpose });
	return group.id;
}

/** Joins the group of an invitation under the name the learner chose (once). */
export async function joinGroup(invite: Invite, myName: string): Promise<string> {
	const existing = await getGroup(invite.group);
	if (existing) {
		// Joined before (or left): the group is as it was; a chain has one join. A join cut off
		// before it was written (the page closed in between) is written now.
		if (!(await joinCutOff(existing))) return existing.id;
		await contribute(existing.id, (await me(myName)).join);
		return existing.id;
	}
	const { id: memberId, join } = await me(myName);
	await saveGroup({
		id: invite.group,
		name: invite.n,
		purpose: '',
		creator: invite.m,
		epoch: invite.e,
		secret: invite.s,
		secrets: { [invite.e]: invite.s },
		myMemberId: memberId,
		joinedAt: new Date().toISOString(),
		status: 'member'
	});
	await contribute(invite.group, join);
	return invite.group;
}

/**
 * True when this device saved a group it was joining but its join was never written (the page
 * closed in between): the invitation can then be answered again.
 */
async function joinCutOff(group: GroupRecord): Promise<boolean> {
	const { id: device } = await myDeviceKey();
	if (group.status !== 'member' || group.myMemberId !== device) return false;
	return !(await ownHead(group.id, device));
}

/** Whether the learner is in (or left) the group of an invitation already. */
export async function joinedAlready(groupId: string): Promise<boolean> {
	const group = await getGroup(groupId);
	return group !== undefined && !(await joinCutOff(group));
}
