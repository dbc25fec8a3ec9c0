import { afterEach, beforeEach, expect, it } from 'vitest';
import { saveGroup } from '$lib/db/groups';
import { myDeviceKey } from '$lib/db/identity';
import { db } from '$lib/db/koers-db';
import { holdGroupRooms, roomHere } from './groups-background';

const GROUP = 'B'.repeat(22);
let stop: (() => void) | undefined;

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
	const me = await myDeviceKey();
	await saveGroup({
		id: GROUP,
		name: 'Intervision',
		purpose: '',
		creator: me.id,
		epoch: 0,
		secret: 's'.repeat(43),
		secrets: { 0: 's'.repeat(43) },
		myMemberId: me.id,
		joinedAt: '2026-12-02T10:00:00.000Z',
		status: 'member'
	});
});
afterEach(() => {
	stop?.();
	stop = undefined;
});

// No signaling server: the room opens and meets nobody, which is all these tests need.
const options = { signaling: [] };

it('a room asked for as the background starts is this tab’s session', async () => {
	stop = holdGroupRooms(options);
	const session = await roomHere(GROUP);
	expect(session.groupId).toBe(GROUP);
});

it('a room asked for before the background set the group up is handed over once it does', async () => {
	// A tab just opened: the learner acts before the background started (it starts once the
	// page's view showed). Asking must wait for it, not fail.
	const asked = roomHere(GROUP);
	let settled = false;
	void asked.then(
		() => (settled = true),
		() => (settled = true)
	);
	await new Promise((resolve) => setTimeout(resolve));
	expect(settled).toBe(false);
	stop = holdGroupRooms(options);
	const session = await asked;
	expect(session.groupId).toBe(GROUP);
});
