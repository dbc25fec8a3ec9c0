import Dexie from 'dexie';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { KoersDb } from '../koers-db';
import { deviceSyncOf, type DeviceSync } from './engine';
import { allOps, unpackState } from './log';
import type { Goal } from '$lib/domain/goal';
import { DELETED, type SyncOp } from '$lib/domain/device-sync/op';
import { conflictsOf, rowOf, STAMP_FIELDS } from '$lib/domain/device-sync/register';
import { makeGoal } from '$lib/testing/factories';

/**
 * Property: three devices edit, delete, restore and resolve the same few goals; their ops reach
 * each other in random order, some twice, some dropped and sent again later. Once every device
 * has had the chance to send every other everything, all three show the same goals and the same
 * conflicts, and no edit is lost: every op is a current version of its field or is named as a
 * parent by a later op (a bookkeeping stamp: or replaced by a newer stamp), and every current
 * version that differs from the shown one is visible as a conflict.
 */

interface Replica {
	db: KoersDb;
	sync: DeviceSync;
	device: string;
	/** Ops on their way to this replica, in no particular order. */
	inbox: SyncOp[];
}

const GOALS = ['goal-a', 'goal-b', 'goal-c'];
const TEXTS = ['Plan', 'Practise', 'Present', 'Reflect'];

type Action =
	| { kind: 'write'; at: number; goal: number; field: 'title' | 'description'; text: number }
	| { kind: 'tags'; at: number; goal: number; tags: string[] }
	| { kind: 'delete'; at: number; goal: number }
	| { kind: 'resolve'; at: number; pick: number; choice: number }
	| { kind: 'deliver'; at: number; pick: number; keep: boolean }
	| { kind: 'drop'; at: number; pick: number }
	| { kind: 'flush'; from: number; at: number };

const replicaIndex = fc.integer({ min: 0, max: 2 });
const action: fc.Arbitrary<Action> = fc.oneof(
	fc.record({
		kind: fc.constant('write' as const),
		at: replicaIndex,
		goal: fc.integer({ min: 0, max: GOALS.length - 1 }),
		field: fc.constantFrom('title' as const, 'description' as const),
		text: fc.integer({ min: 0, max: TEXTS.length - 1 })
	}),
	fc.record({
		kind: fc.constant('tags' as const),
		at: replicaIndex,
		goal: fc.integer({ min: 0, max: GOALS.length - 1 }),
		tags: fc.subarray(['team', 'care', 'talk'])
	}),
	fc.record({
		kind: fc.constant('delete' as const),
		at: replicaIndex,
		goal: fc.integer({ min: 0, max: GOALS.length - 1 })
	}),
	fc.record({
		kind: fc.constant('resolve' as const),
		at: replicaIndex,
		pick: fc.nat(),
		choice: fc.integer({ min: 0, max: 2 })
	}),
	fc.record({
		kind: fc.constant('deliver' as const),
		at: replicaIndex,
		pick: fc.nat(),
		keep: fc.boolean()
	}),
	fc.record({
		kind: fc.constant('deliver' as const),
		at: replicaIndex,
		pick: fc.nat(),
		keep: fc.boolean()
	}),
	fc.record({ kind: fc.constant('drop' as const), at: replicaIndex, pick: fc.nat() }),
	fc.record({ kind: fc.constant('flush' as const), from: replicaIndex, at: replicaIndex })
);

let run = 0;

async function open(): Promise<Replica[]> {
	run += 1;
	return Promise.all(
		[0, 1, 2].map(async (i) => {
			const db = new KoersDb(`convergence-${run}-${i}`);
			const sync = deviceSyncOf(db);
			return { db, sync, device: await sync.thisDevice(), inbox: [] };
		})
	);
}

const opened: KoersDb[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) {
		db.close();
		await Dexie.delete(db.name);
	}
});

/** Runs a local change on `replica` and puts its new ops in the other replicas' inboxes. */
async function local(replicas: Replica[], replica: Replica, change: () => Promise<unknown>) {
	const before = (await replica.sync.localVector())[replica.device] ?? 0;
	await change();
	const ops = (await allOps(replica.db)).filter(
		(op) => op.device === replica.device && op.seq > before
	);
	for (const other of replicas) if (other !== replica) other.inbox.push(...ops);
}

async function perform(replicas: Replica[], step: Action): Promise<void> {
	const replica = replicas[step.at]!;
	const { db, sync } = replica;
	switch (step.kind) {
		case 'write':
		case 'tags': {
			const id = GOALS[step.goal]!;
			const change: Partial<Goal> =
				step.kind === 'tags' ? { tags: step.tags } : { [step.field]: TEXTS[step.text]! };
			await local(replicas, replica, async () => {
				if (await db.goals.get(id)) await db.goals.update(id, change);
				// A new goal, or one put back (as a backup restore does) after a delete.
				else await db.goals.put(makeGoal({ id, ...change }));
			});
			return;
		}
		case 'delete':
			await local(replicas, replica, () => db.goals.delete(GOALS[step.goal]!));
			return;
		case 'resolve': {
			const conflicts = await sync.listConflicts();
			if (!conflicts.length) return;
			const conflict = conflicts[step.pick % conflicts.length]!;
			const version = conflict.versions[step.pick % conflict.versions.length]!;
			const texts = conflict.versions.every((v) => typeof v.value === 'string');
			const choice =
				step.choice === 1 && texts
					? { keepBoth: true as const }
					: step.choice === 2 && conflict.kind === 'delete'
						? { restore: true as const }
						: { keep: version.hlc };
			await local(replicas, replica, () => sync.resolveConflict(conflict.id, choice));
			return;
		}
		case 'deliver': {
			if (!replica.inbox.length) return;
			const index = step.pick % replica.inbox.length;
			const op = replica.inbox[index]!;
			if (!step.keep) replica.inbox.splice(index, 1);
			const result = await sync.applyOps([op]);
			expect(result.refused).toEqual([]);
			return;
		}
		case 'drop':
			if (replica.inbox.length) replica.inbox.splice(step.pick % replica.inbox.length, 1);
			return;
		case 'flush':
			await sendAll(replicas[step.from]!, replica, 700);
	}
}

/**
 * Sends `to` everything `from` holds that it lacks, in small batches; returns how many applied.
 * Like the devices' session, each batch starts past the ops already sent: ops `to` holds back
 * (waiting for a parent that comes later in the order) do not advance its vector, and asking
 * from that vector again would send the same batch forever.
 */
async function sendAll(from: Replica, to: Replica, maxBytes = 4000): Promise<number> {
	if (from === to) return 0;
	let applied = 0;
	const sent: Record<string, number> = { ...(await to.sync.localVector()) };
	for (;;) {
		const { ops, more } = await from.sync.opsSince(sent, maxBytes);
		const result = await to.sync.applyOps(ops);
		expect(result.refused).toEqual([]);
		applied += result.applied;
		for (const op of ops) sent[op.device] = Math.max(sent[op.device] ?? 0, op.seq);
		if (!more) return applied;
	}
}

async function snapshot(replica: Replica) {
	// Values a state leaves to the row are read back from it: the states compared are whole.
	const stored = await replica.db.syncFields.toArray();
	const states = await Promise.all(
		stored.map(async (state) =>
			unpackState(state, state.row ? await replica.db.table(state.table).get(state.key) : null)
		)
	);
	return {
		goals: await replica.db.goals.orderBy('id').toArray(),
		conflicts: await replica.sync.listConflicts(),
		states,
		vector: await replica.sync.localVector(),
		held: await replica.db.syncHeld.count()
	};
}

describe('three devices converge without losing an edit', () => {
	it('in any order of delivery, with repeats and drops sent again', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 45 }), async (actions) => {
				const replicas = await open();
				opened.push(...replicas.map((r) => r.db));
				for (const step of actions) await perform(replicas, step);

				// Everyone meets everyone until nothing new arrives (drops are sent again here).
				for (let round = 0; round < 6; round += 1) {
					let applied = 0;
					for (const from of replicas)
						for (const to of replicas) applied += await sendAll(from, to);
					if (!applied && round > 0) break;
				}

				const [first, ...rest] = await Promise.all(replicas.map(snapshot));
				expect(first!.held).toBe(0);
				for (const other of rest) expect(other).toEqual(first);

				const ops = await allOps(replicas[0]!.db);
				const named = new Set(ops.flatMap((op) => op.parents));
				const states = new Map(first!.states.map((s) => [`${s.table}|${s.key}`, s]));
				for (const op of ops) {
					expect(op.refused).toBeUndefined();
					const heads = states.get(`${op.table}|${op.key}`)?.fields[op.field] ?? [];
					const current = heads.some((head) => head.hlc === op.hlc);
					// A bookkeeping stamp is only ever replaced by a newer one.
					const stampedLater = STAMP_FIELDS.has(op.field) && heads.some((h) => h.hlc > op.hlc);
					// No edit lost: an op is a current version or a later op names it.
					expect({ op: op.hlc, kept: current || named.has(op.hlc) || stampedLater }).toEqual({
						op: op.hlc,
						kept: true
					});
				}
				for (const state of first!.states) {
					const row = rowOf(state);
					expect(await replicas[0]!.db.goals.get(state.key)).toEqual(row ?? undefined);
					const deleted = row === null;
					const conflicts = conflictsOf(state);
					for (const [field, heads] of Object.entries(state.fields)) {
						if (field === DELETED) continue;
						const values = new Set(heads.map((head) => JSON.stringify(head.value)));
						// Every version that differs from the shown one is in sight.
						if (values.size > 1 && !deleted) expect(conflicts.map((c) => c.field)).toContain(field);
					}
					expect(first!.conflicts.filter((c) => c.key === state.key)).toEqual(conflicts);
				}
			}),
			{ numRuns: 30 }
		);
	}, 240_000);
});
