import Dexie from 'dexie';
import { afterEach, expect, it } from 'vitest';
import { KoersDb } from '../koers-db';
import { deviceSyncOf } from './engine';
import { allOps } from './log';
import { makeEvidence, makeGoal } from '$lib/testing/factories';

const opened: KoersDb[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

it('gives writes running side by side in one transaction their own seqs, and all reach another device', async () => {
	const a = new KoersDb('same-transaction-a');
	const b = new KoersDb('same-transaction-b');
	opened.push(a, b);
	const goal = makeGoal({ title: 'Side by side' });
	const evidence = makeEvidence({ title: 'Also' });
	const other = makeGoal({ title: 'And a third' });
	await a.transaction('rw', [a.goals, a.evidence], async () => {
		await Promise.all([a.goals.put(goal), a.evidence.put(evidence), a.goals.put(other)]);
	});
	// Two writes of one record side by side: the second is diffed against the first.
	await a.transaction('rw', a.goals, async () => {
		await Promise.all([
			a.goals.put({ ...goal, title: 'First change' }),
			a.goals.put({ ...goal, title: 'Second change' })
		]);
	});

	const ops = await allOps(a);
	const seqs = ops.map((op) => op.seq);
	expect(new Set(seqs).size).toBe(ops.length);
	expect(Math.max(...seqs)).toBe(ops.length);

	const from = deviceSyncOf(a);
	const to = deviceSyncOf(b);
	const { ops: sent } = await from.opsSince(await to.localVector());
	expect((await to.applyOps(sent)).refused).toEqual([]);
	expect(await b.goals.get(goal.id)).toEqual({ ...goal, title: 'Second change' });
	expect(await b.goals.get(other.id)).toEqual(other);
	expect(await b.evidence.get(evidence.id)).toEqual(evidence);
	expect(await to.countMissing(await from.localVector())).toBe(0);
});
