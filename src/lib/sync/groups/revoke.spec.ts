import { beforeEach, expect, it } from 'vitest';
import { base64urlnopad } from '@scure/base';
import { groupLinks, saveGroup, storeLinks } from '$lib/db/groups';
import { learnerKeys, myDeviceKey } from '$lib/db/identity';
import { db } from '$lib/db/koers-db';
import { readContribution } from '$lib/domain/group/contribution';
import { Ledger } from '$lib/domain/group/ledger';
import { Device, goal, pub } from '$lib/domain/group/test-device';
import { contribute } from './session';
import { revokeDevice, revokeRemovedKeys } from './revoke';

const GROUP = 'R'.repeat(22);

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

it('a removed device’s key is revoked once in each group, after what this device holds of it', async () => {
	const me = await myDeviceKey();
	// The learner's other device (a phone), paired: its key is among the learner's keys.
	const phone = await Device.make(GROUP);
	await db.learnerKeys.put({
		id: phone.id,
		...pub(phone.identity),
		createdAt: '2026-12-02T10:00:00.000Z',
		device: 'phone-device'
	});
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
	await contribute(GROUP, { t: 'join', name: 'Anna', key: me.key });
	// The phone wrote two links that reached this device (stored as a ledger accepted them).
	const ledger = new Ledger(GROUP, me.id, () => 0);
	const accepted = await ledger.ingestMany([
		await phone.join('Anna'),
		await phone.write(goal('g', 'x'))
	]);
	await storeLinks(
		GROUP,
		accepted.flatMap((o) => (o.kind === 'accepted' ? o.links : [])),
		[]
	);

	expect(await revokeDevice('phone-device')).toBe(1);
	expect((await learnerKeys()).find((k) => k.id === phone.id)?.revokedAt).toBeDefined();
	const mine = (await groupLinks(GROUP)).filter((l) => l.author === me.id);
	const last = readContribution(base64urlnopad.decode(mine.at(-1)!.envelope.payload));
	expect(last).toEqual({ t: 'revoke', author: phone.id, after: 2, keep: [me.id] });
	// Run again (another change of keys): nothing more is signed.
	expect(await revokeRemovedKeys()).toBe(0);
	expect((await groupLinks(GROUP)).filter((l) => l.author === me.id)).toHaveLength(2);
});

it('this device’s own key being revoked (it was removed) signs nothing', async () => {
	const me = await myDeviceKey();
	await db.learnerKeys.update(me.id, { revokedAt: '2026-12-02T10:00:00.000Z' });
	expect(await revokeRemovedKeys()).toBe(0);
});
