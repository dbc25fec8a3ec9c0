import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { KoersDb } from './koers-db';
import type { GroupRecord } from './groups';
import { deviceSyncOf } from './device-sync/engine';
import { allOps } from './device-sync/log';

/** Learning groups between a learner's own devices: what device sync carries, and what not. */

const opened: KoersDb[] = [];
let counter = 0;

function device() {
	const db = new KoersDb(`groups-sync-${++counter}`);
	opened.push(db);
	return { db, sync: deviceSyncOf(db) };
}

afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

const group: GroupRecord = {
	id: 'G'.repeat(22),
	name: 'Intervision North',
	purpose: 'Feedback on our presentations',
	creator: 'M'.repeat(22),
	epoch: 1,
	secret: 't'.repeat(43),
	secrets: { 0: 's'.repeat(43), 1: 't'.repeat(43) },
	myMemberId: 'M'.repeat(22),
	joinedAt: '2026-12-01T10:00:00.000Z',
	status: 'member'
};
const key = {
	id: 'M'.repeat(22),
	alg: 'Ed25519' as const,
	publicRaw: 'k'.repeat(43),
	createdAt: '2026-12-01T10:00:00.000Z'
};

describe('groups on all the learner’s devices', () => {
	it('carries groups with every epoch’s secret, keys and certs; never envelopes or what was seen', async () => {
		const a = device();
		const b = device();
		await a.db.groups.put(group);
		await a.db.learnerKeys.put(key);
		await a.db.learnerCerts.put({
			id: `${key.id}>${'N'.repeat(22)}`,
			signer: key.id,
			subject: 'N'.repeat(22),
			sig: 'c'.repeat(86)
		});
		await a.db.groupVisits.put({ group: group.id, seen: ['x'], lastVisit: group.joinedAt });
		await a.db.groupEnvelopes.put({
			group: group.id,
			author: key.id,
			seq: 1,
			epoch: 0,
			hash: 'h'.repeat(43),
			envelope: {} as never,
			receivedAt: group.joinedAt
		});
		const { ops } = await a.sync.opsSince({});
		expect(new Set(ops.map((op) => op.table))).toEqual(
			new Set(['groups', 'learnerKeys', 'learnerCerts'])
		);
		const result = await b.sync.applyOps(ops);
		expect(result.refused).toEqual([]);
		expect(await b.db.groups.get(group.id)).toEqual(group);
		expect(await b.db.learnerKeys.get(key.id)).toEqual(key);
		expect(await b.db.learnerCerts.count()).toBe(1);
		expect(await b.db.groupVisits.count()).toBe(0);
		expect(await b.db.groupEnvelopes.count()).toBe(0);
		// Applied ops are not logged again as the receiving device's own.
		const own = await b.sync.thisDevice();
		expect((await allOps(b.db)).filter((op) => op.device === own)).toEqual([]);
	});

	it('refuses a group record that does not fit, and keeps the one it had', async () => {
		const a = device();
		const b = device();
		await a.db.groups.put(group);
		await b.sync.applyOps((await a.sync.opsSince({})).ops);
		await a.db.groups.update(group.id, { secret: 'not a secret' });
		await a.db.groups.update(group.id, { status: 'left' });
		const result = await b.sync.applyOps((await a.sync.opsSince(await b.sync.localVector())).ops);
		expect(result.refused.map((r) => r.reason)).toEqual([expect.stringMatching(/^record: secret/)]);
		// The rest of the batch goes on.
		expect(await b.db.groups.get(group.id)).toEqual({ ...group, status: 'left' });
	});
});
