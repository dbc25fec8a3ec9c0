/**
 * Creating and joining a learning group: the group's record, then the learner's signed `join`
 * (their chosen name and public key) as the first link of their chain; the creator also signs
 * the group's name and purpose.
 */
import { getGroup, saveGroup, type GroupRecord } from '$lib/db/groups';
import { myIdentity } from '$lib/db/identity';
import type { Invite } from '$lib/domain/group/invite';
import { memberIdOf } from '$lib/domain/group/member-id';
import { randomRoom, randomSecret } from '../sealed';
import { contribute } from './session';

async function me() {
	const identity = await myIdentity();
	const key = { alg: identity.alg, publicRaw: identity.publicRaw };
	return { key, id: await memberIdOf(key) };
}

/** Creates a group with the learner as its creator; returns its id. */
export async function createGroup(fields: {
	name: string;
	purpose: string;
	myName: string;
}): Promise<string> {
	const { key, id: memberId } = await me();
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
		status: 'member',
		seen: [],
		lastVisit: null
	};
	await saveGroup(group);
	await contribute(group.id, { t: 'join', name: fields.myName, key });
	await contribute(group.id, { t: 'about', name: fields.name, purpose: fields.purpose });
	return group.id;
}

/** Joins the group of an invitation under the name the learner chose (once). */
export async function joinGroup(invite: Invite, myName: string): Promise<string> {
	const existing = await getGroup(invite.group);
	// Joined before (or left): the group is as it was; a chain has one join.
	if (existing) return existing.id;
	const { key, id: memberId } = await me();
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
		status: 'member',
		seen: [],
		lastVisit: null
	});
	await contribute(invite.group, { t: 'join', name: myName, key });
	return invite.group;
}
