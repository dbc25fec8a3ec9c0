import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { KoersDb } from '../koers-db';
import { deviceSyncOf, type DeviceSync } from './engine';
import { allOps, unpackState } from './log';
import { onLocalChange } from './middleware';
import { DELETED } from '$lib/domain/device-sync/op';
import { makeEvidence, makeGoal } from '$lib/testing/factories';

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

/** Sends everything `from` has that `to` lacks, in batches; returns how many ops applied. */
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

const opCount = async (r: Replica) => (await allOps(r.db)).length;

afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

describe('device sync between databases', () => {
	it('carries a new goal, an edit and a delete, and does not log applied ops again', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal({ title: 'Lead a retrospective' });
		await a.db.goals.put(goal);
		const created = await sync(a, b);
		expect(created).toBe(Object.keys(goal).length - 1);
		expect(await b.db.goals.get(goal.id)).toEqual(goal);
		expect(await b.sync.countMissing(await a.sync.localVector())).toBe(0);
		expect(await a.sync.countMissing(await b.sync.localVector())).toBe(0);

		await a.db.goals.update(goal.id, { title: 'Lead two retrospectives' });
		expect(await a.sync.countMissing(await b.sync.localVector())).toBe(1);
		expect(await sync(a, b)).toBe(1);
		expect((await b.db.goals.get(goal.id))?.title).toBe('Lead two retrospectives');
		// B wrote nothing of its own: what it applied is A's, not logged again.
		const bDevice = await b.sync.thisDevice();
		expect((await b.sync.localVector())[bDevice]).toBeUndefined();
		expect(await opCount(b)).toBe(await opCount(a));

		await b.db.goals.delete(goal.id);
		expect(await sync(b, a)).toBe(1);
		expect(await a.db.goals.get(goal.id)).toBeUndefined();
		expect(await a.sync.listConflicts()).toEqual([]);
	});

	it('logs nothing for a transaction that aborts, and only the writes of a bulk add that succeeded', async () => {
		const a = replica();
		const goal = makeGoal();
		await a.db.goals.put(goal);
		const before = await opCount(a);
		await expect(
			a.db.transaction('rw', a.db.goals, async () => {
				await a.db.goals.update(goal.id, { title: 'Never saved' });
				throw new Error('stop');
			})
		).rejects.toThrow('stop');
		expect(await opCount(a)).toBe(before);
		expect((await a.db.goals.get(goal.id))?.title).toBe(goal.title);

		const fresh = makeGoal({ title: 'Fresh' });
		await expect(a.db.goals.bulkAdd([fresh, goal])).rejects.toThrow();
		// bulkAdd keeps the rows that could be added; exactly those are logged.
		expect(await a.db.goals.get(fresh.id)).toEqual(fresh);
		const logged = (await allOps(a.db)).slice(before);
		expect(new Set(logged.map((op) => op.key))).toEqual(new Set([fresh.id]));
	});

	it('logs a delete for every record that Table.clear() removes', async () => {
		const a = replica();
		const b = replica();
		const goals = [makeGoal(), makeGoal(), makeGoal()];
		await a.db.goals.bulkPut(goals);
		await sync(a, b);
		expect(await b.db.goals.count()).toBe(3);
		await a.db.goals.clear();
		expect(await sync(a, b)).toBe(3);
		expect(await b.db.goals.count()).toBe(0);
	});

	it('tells listeners after a local write commits', async () => {
		const a = replica();
		let calls = 0;
		const stop = onLocalChange(() => (calls += 1));
		await a.db.goals.put(makeGoal());
		await expect.poll(() => calls).toBe(1);
		stop();
		await a.db.goals.put(makeGoal());
		await a.db.goals.count();
		expect(calls).toBe(1);
	});

	it('holds an op that comes before its device’s earlier ops, and applies both once they are here', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal();
		await a.db.goals.put(goal);
		await sync(a, b);
		await a.db.goals.update(goal.id, { title: 'One' });
		await a.db.goals.update(goal.id, { title: 'Two' });
		const { ops } = await a.sync.opsSince(await b.sync.localVector());
		expect(ops).toHaveLength(2);
		const early = await b.sync.applyOps([ops[1]]);
		expect(early.applied).toBe(0);
		expect(await b.db.syncHeld.count()).toBe(1);
		expect((await b.db.goals.get(goal.id))?.title).toBe(goal.title);
		const late = await b.sync.applyOps([ops[0], ops[0]]);
		expect(late.applied).toBe(2);
		expect(await b.db.syncHeld.count()).toBe(0);
		expect((await b.db.goals.get(goal.id))?.title).toBe('Two');
		// Sent again: nothing changes.
		expect((await b.sync.applyOps(ops)).applied).toBe(0);
	});

	it('refuses a malformed op and one that would make its record invalid, and applies the rest', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal();
		await a.db.goals.put(goal);
		await sync(a, b);
		await a.db.goals.update(goal.id, { title: 'Fine' });
		const [good] = (await a.sync.opsSince(await b.sync.localVector())).ops;
		const device = await a.sync.thisDevice();
		const bad = {
			...good!,
			seq: good!.seq + 1,
			hlc: good!.hlc.replace(/-0000-/, '-0001-'),
			field: 'status',
			value: 'lost'
		};
		const result = await b.sync.applyOps([good, bad, { device, seq: 'x' }]);
		expect(result.applied).toBe(1);
		expect(result.refused.map((r) => r.reason)).toEqual([
			expect.stringContaining('seq'),
			expect.stringContaining('status')
		]);
		expect(result.vector[device]).toBe(bad.seq);
		expect(await b.db.goals.get(goal.id)).toEqual({ ...goal, title: 'Fine' });
		expect((await b.sync.quarantine()).count).toBe(2);
	});

	it('waits for the rest of a new record that arrives over several batches', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal();
		await a.db.goals.put(goal);
		const first = await a.sync.opsSince({}, 200);
		expect(first.more).toBe(true);
		expect((await b.sync.applyOps(first.ops)).refused).toEqual([]);
		expect(await b.db.goals.get(goal.id)).toBeUndefined();
		await sync(a, b, 200);
		expect(await b.db.goals.get(goal.id)).toEqual(goal);
	});

	it('stores a shown value once, in the row, and a stamp short, and still edits, deletes and restores from them', async () => {
		const a = replica();
		const b = replica();
		const canary = 'Canary text of the description, stored once';
		const goal = makeGoal({ title: 'Plan', description: canary });
		await a.db.goals.put(goal);
		await sync(a, b);
		const device = await a.sync.thisDevice();
		for (const r of [a, b]) {
			const stored = await r.db.syncFields.get(['goals', goal.id]);
			expect(stored?.row).toBe(1);
			expect(stored?.fields).not.toContain(canary);
			// The stamps share their ms and device, stored once.
			expect(stored?.base).toContain(device);
			expect(stored?.fields).not.toContain(device);
		}
		// An edit on b names the version it replaced, though its value was in the row only.
		await b.db.goals.update(goal.id, { title: 'Plan well' });
		const [edit] = (await b.sync.opsSince(await a.sync.localVector())).ops;
		const [titleOp] = (await allOps(a.db)).filter((op) => op.field === 'title');
		expect(edit).toMatchObject({ field: 'title', value: 'Plan well', parents: [titleOp!.hlc] });
		await sync(b, a);
		expect(await a.db.goals.get(goal.id)).toEqual({ ...goal, title: 'Plan well' });
		// Deleted, the state keeps the values itself (the row is gone), so a restore has them.
		await a.db.goals.delete(goal.id);
		const deleted = await a.db.syncFields.get(['goals', goal.id]);
		expect(deleted?.row).toBeUndefined();
		expect(deleted?.fields).toContain(canary);
		await a.db.goals.put({ ...goal, title: 'Plan well' });
		await sync(a, b);
		expect(await b.db.goals.get(goal.id)).toEqual({ ...goal, title: 'Plan well' });
		expect(await b.sync.listConflicts()).toEqual([]);
	});

	it('reads a state stored before values lived in the row only, and stores it short on its next write', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal({ title: 'Plan', description: 'Written before the upgrade' });
		await a.db.goals.put(goal);
		await sync(a, b);
		// The state as the previous version stored it: every head with its value, no `row`.
		const stored = (await a.db.syncFields.get(['goals', goal.id]))!;
		const whole = unpackState(stored, { ...goal });
		const fields = Object.fromEntries(
			Object.entries(whole.fields).map(([field, heads]) => [
				field,
				heads.map((head) => [head.hlc, head.value])
			])
		);
		await a.db.syncFields.put({ table: 'goals', key: goal.id, fields: JSON.stringify(fields) });

		await a.db.goals.update(goal.id, { title: 'Plan well' });
		await sync(a, b);
		expect(await b.db.goals.get(goal.id)).toEqual({ ...goal, title: 'Plan well' });
		expect(await b.sync.listConflicts()).toEqual([]);
		const after = await a.db.syncFields.get(['goals', goal.id]);
		expect(after?.row).toBe(1);
		expect(after?.fields).not.toContain('Written before the upgrade');
	});

	it('a delete on one device and an edit on another: deleted, the edit in sight, and restorable everywhere', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal({ title: 'Plan' });
		await a.db.goals.put(goal);
		await sync(a, b);
		await b.db.goals.update(goal.id, { title: 'Plan well' });
		await a.db.goals.delete(goal.id);
		await sync(a, b);
		await sync(b, a);
		for (const r of [a, b]) expect(await r.db.goals.get(goal.id)).toBeUndefined();
		const conflicts = await a.sync.listConflicts();
		expect(conflicts).toEqual(await b.sync.listConflicts());
		expect(conflicts).toHaveLength(1);
		expect(conflicts[0]).toMatchObject({ kind: 'delete', field: DELETED });
		expect(conflicts[0]!.versions[1]!.value).toMatchObject({ title: 'Plan well' });

		const seen: number[] = [];
		const stop = a.sync.watchConflicts({ next: (list) => seen.push(list.length) });
		await expect.poll(() => seen.at(-1)).toBe(1);
		await a.sync.resolveConflict(conflicts[0]!.id, { restore: true });
		await expect.poll(() => seen.at(-1)).toBe(0);
		stop();
		expect(await a.db.goals.get(goal.id)).toEqual({ ...goal, title: 'Plan well' });
		await sync(a, b);
		expect(await b.db.goals.get(goal.id)).toEqual({ ...goal, title: 'Plan well' });
		expect(await b.sync.listConflicts()).toEqual([]);
	});

	it('a text changed on two devices shows both; keeping one ends the conflict on both', async () => {
		const a = replica();
		const b = replica();
		const goal = makeGoal({ description: 'Start' });
		await a.db.goals.put(goal);
		await sync(a, b);
		await a.db.goals.update(goal.id, { description: 'From the laptop' });
		await b.db.goals.update(goal.id, { description: 'From the phone' });
		await sync(a, b);
		await sync(b, a);
		const [conflict] = await a.sync.listConflicts();
		expect(conflict!.versions.map((v) => v.value).sort()).toEqual([
			'From the laptop',
			'From the phone'
		]);
		const laptop = conflict!.versions.find((v) => v.value === 'From the laptop')!;
		await b.sync.resolveConflict(conflict!.id, { keep: laptop.hlc });
		await sync(b, a);
		for (const r of [a, b]) {
			expect((await r.db.goals.get(goal.id))?.description).toBe('From the laptop');
			expect(await r.sync.listConflicts()).toEqual([]);
		}
	});

	// A batch with many records of one table reads their states by key range (apply.ts): the
	// states held here must be found either way, or edits made apart would not show as conflicts.
	it.each([
		{ how: 'read by key range', held: 40, edited: 40 },
		{ how: 'read one by one (the range holds many others)', held: 400, edited: 40 }
	])(
		'many records edited on two devices show every conflict (states $how)',
		async ({ held, edited }) => {
			const a = replica();
			const b = replica();
			const goals = Array.from({ length: held }, (_, i) =>
				makeGoal({ id: `goal-${String(i).padStart(4, '0')}`, description: 'Start' })
			);
			await a.db.goals.bulkPut(goals);
			await sync(a, b);
			// Every tenth goal when the range holds many others: spread over the whole range.
			const step = held / edited;
			const picked = goals.filter((_, i) => i % step === 0);
			expect(picked).toHaveLength(edited);
			await a.db.transaction('rw', a.db.goals, async () => {
				for (const goal of picked) await a.db.goals.update(goal.id, { description: 'Laptop' });
			});
			await b.db.transaction('rw', b.db.goals, async () => {
				for (const goal of picked) await b.db.goals.update(goal.id, { description: 'Phone' });
			});
			await sync(a, b);
			await sync(b, a);
			for (const r of [a, b]) {
				const conflicts = await r.sync.listConflicts();
				expect(conflicts.map((c) => c.key).sort()).toEqual(picked.map((g) => g.id));
				expect(conflicts.every((c) => c.field === 'description')).toBe(true);
			}
		}
	);

	it('applies a batch checked ahead as it applies the same batch unchecked', async () => {
		const a = replica();
		const b = replica();
		const c = replica();
		await a.db.goals.bulkPut([makeGoal({ title: 'One' }), makeGoal({ title: 'Two' })]);
		const { ops } = await a.sync.opsSince({});
		const device = await a.sync.thisDevice();
		const batch = [...ops, { device, seq: 'x' }];
		const ahead = await b.sync.applyOps(batch, b.sync.checkOps(batch));
		const plain = await c.sync.applyOps(batch);
		expect(ahead.applied).toBe(ops.length);
		expect(ahead.refused.map((r) => r.reason)).toEqual([expect.stringContaining('seq')]);
		expect({ ...ahead, vector: undefined }).toEqual({ ...plain, vector: undefined });
		expect(await b.db.goals.toArray()).toEqual(await c.db.goals.toArray());
	});

	it('lists attachments whose bytes are not stored here', async () => {
		const a = replica();
		const evidence = makeEvidence();
		const attachment = {
			id: 'att-1',
			ownerKind: 'evidence' as const,
			ownerId: evidence.id,
			name: 'talk.webm',
			type: 'video/webm',
			size: 12,
			sha256: 'a'.repeat(64),
			createdAt: '2026-01-01T00:00:00.000Z'
		};
		await a.db.attachments.put(attachment);
		expect(await a.sync.missingFiles()).toEqual([
			{ sha256: 'a'.repeat(64), size: 12, type: 'video/webm' }
		]);
		await a.db.files.put({
			sha256: 'a'.repeat(64),
			size: 12,
			type: 'video/webm',
			chunks: [],
			createdAt: attachment.createdAt
		});
		expect(await a.sync.missingFiles()).toEqual([]);
	});
});
