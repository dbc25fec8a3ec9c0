import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { KoersDb } from '../koers-db';
import { deviceSyncOf, type DeviceSync } from './engine';
import { makeGoal } from '$lib/testing/factories';

interface Replica {
	db: KoersDb;
	sync: DeviceSync;
}

const opened: KoersDb[] = [];
let counter = 0;

function replica(): Replica {
	const db = new KoersDb(`device-sync-${++counter}`);
	opened.push(db);
	return { db, sync: deviceSyncOf(db) };
}

/** Sends everything `from` has that `to` lacks, in batches. */
async function sync(from: Replica, to: Replica, maxBytes?: number): Promise<number> {
	let applied = 0;
	for (;;) {
		const { ops, more } = await from.sync.opsSince(await to.sync.localVector(), maxBytes);
		const result = await to.sync.applyOps(ops);
		expect(result.refused).toEqual([]);
		applied += result.applied;
		if (!more) return applied;
	}
}

afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

describe('device sync between two databases', () => {
	it('carries a new goal, an edit and a delete', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal({ title: 'Lead a retrospective' });
		await a.db.goals.put(goal);
		expect(await sync(a, b)).toBeGreaterThan(3);
		expect(await b.db.goals.get(goal.id)).toEqual(goal);

		await a.db.goals.update(goal.id, { title: 'Lead two retrospectives' });
		expect(await sync(a, b)).toBe(1);
		expect((await b.db.goals.get(goal.id))?.title).toBe('Lead two retrospectives');

		await b.db.goals.delete(goal.id);
		expect(await sync(b, a)).toBe(1);
		expect(await a.db.goals.get(goal.id)).toBeUndefined();
		expect(await a.sync.listConflicts()).toEqual([]);
	});
});
