import { beforeEach, expect, it } from 'vitest';
import { getGroup, ownHead, saveGroup } from '$lib/db/groups';
import { myDeviceKey } from '$lib/db/identity';
import { db } from '$lib/db/koers-db';
import type { Invite } from '$lib/domain/group/invite';
import { joinedAlready, joinGroup } from './membership';

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

const invite: Invite = {
	group: 'G'.repeat(22),
	e: 0,
	s: 's'.repeat(43),
	m: 'M'.repeat(22),
	n: 'Intervision North',
	c: 'c'.repeat(8)
};

it('a join cut off after the group was saved (the page closed) can be answered again', async () => {
	// What joinGroup had stored when the page closed: the group, but no join in this chain.
	const { id: device } = await myDeviceKey();
	await saveGroup({
		id: invite.group,
		name: invite.n,
		purpose: '',
		creator: invite.m,
		epoch: 0,
		secret: invite.s,
		secrets: { 0: invite.s },
		myMemberId: device,
		joinedAt: '2026-12-02T10:00:00.000Z',
		status: 'member'
	});
	expect(await joinedAlready(invite.group)).toBe(false);

	expect(await joinGroup(invite, 'Bram')).toBe(invite.group);
	const head = await ownHead(invite.group, device);
	expect(head?.seq).toBe(1);
	expect(await joinedAlready(invite.group)).toBe(true);
	// Once joined, the invitation changes nothing: a chain has one join.
	await joinGroup(invite, 'Bram again');
	expect((await ownHead(invite.group, device))?.seq).toBe(1);
	expect((await getGroup(invite.group))?.myMemberId).toBe(device);
});
