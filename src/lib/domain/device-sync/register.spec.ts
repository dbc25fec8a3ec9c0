import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import { DELETED, type SyncOp } from './op';
import {
	applyOp,
	applyOps,
	conflictsOf,
	emptyState,
	localOps,
	resolveOps,
	rowOf,
	type RecordState,
	type Stamper
} from './register';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';

/** A device's stamper with a wall clock that the test moves. */
function device(id: string, start = 1000) {
	let seq = 0;
	const clock = { ms: start };
	const stamp: Stamper = () => {
		seq += 1;
		clock.ms += 1;
		return { device: id, seq, hlc: encodeHlc({ ms: clock.ms, counter: 0 }, id) };
	};
	return { stamp, clock };
}

const copy = (state: RecordState): RecordState => structuredClone(state);
const replay = (ops: SyncOp[], into = emptyState('goals', 'g')) => {
	for (const op of ops) applyOp(into, op);
	return into;
};

describe('per-field registers', () => {
	it('logs only the fields that changed, each naming the version it replaces', () => {
		const a = device(A);
		const state = emptyState('goals', 'g');
		const created = localOps(state, undefined, { id: 'g', title: 'Plan', tags: [] }, a.stamp);
		expect(created.map((op) => [op.field, op.parents])).toEqual([
			['tags', []],
			['title', []]
		]);
		const before = rowOf(state)!;
		expect(before).toEqual({ id: 'g', title: 'Plan', tags: [] });
		const edit = localOps(state, before, { ...before, tags: ['team'] }, a.stamp);
		expect(edit).toHaveLength(1);
		expect(edit[0]).toMatchObject({ field: 'tags', value: ['team'], parents: [created[0]!.hlc] });
		// A field taken out of the record is an op without value.
		const removed = localOps(state, rowOf(state)!, { id: 'g', title: 'Plan' }, a.stamp);
		expect(removed[0]).toMatchObject({ field: 'tags', parents: [edit[0]!.hlc] });
		expect(removed[0]).not.toHaveProperty('value');
		expect(rowOf(state)).toEqual({ id: 'g', title: 'Plan' });
	});

	it('keeps both versions of a field changed on two devices, in any order, until resolved', () => {
		const a = device(A);
		const b = device(B, 2000);
		const base = emptyState('goals', 'g');
		const created = localOps(base, undefined, { id: 'g', title: 'Plan' }, a.stamp);
		const onA = copy(base);
		const onB = copy(base);
		const fromA = localOps(onA, rowOf(onA)!, { id: 'g', title: 'Plan well' }, a.stamp);
		const fromB = localOps(onB, rowOf(onB)!, { id: 'g', title: 'Plan early' }, b.stamp);
		const one = replay([...created, ...fromA, ...fromB]);
		const other = replay([...created, ...fromB, ...fromA]);
		expect(one).toEqual(other);
		// A record's ops applied together (a batch from another device) end the same, marked.
		expect(applyOps(emptyState('goals', 'g'), [...created, ...fromA, ...fromB])).toEqual(one);
		// The later stamp shows; the other is kept and visible.
		expect(rowOf(one)?.title).toBe('Plan early');
		const [conflict] = conflictsOf(one);
		expect(conflict).toMatchObject({ id: 'goals|g|title', kind: 'edit', field: 'title' });
		expect(conflict!.versions.map((v) => v.value)).toEqual(['Plan early', 'Plan well']);
		expect(one.conflict).toBe(1);

		// An ordinary edit on top of the shown value does not clear the conflict.
		const edit = localOps(one, rowOf(one)!, { id: 'g', title: 'Plan earlier' }, a.stamp);
		expect(edit[0]!.parents).toEqual([fromB[0]!.hlc]);
		expect(conflictsOf(one)[0]!.versions.map((v) => v.value)).toEqual([
			'Plan earlier',
			'Plan well'
		]);

		// Keeping both joins the texts with a blank line, oldest first, and ends the conflict.
		const both = resolveOps(one, 'title', { keepBoth: true }, b.stamp);
		expect(both[0]!.parents).toHaveLength(2);
		expect(rowOf(one)?.title).toBe('Plan well\n\nPlan earlier');
		expect(conflictsOf(one)).toEqual([]);
		expect(one.conflict).toBeUndefined();
	});

	it('the same value written on two devices is no conflict', () => {
		const a = device(A);
		const b = device(B);
		const base = emptyState('goals', 'g');
		localOps(base, undefined, { id: 'g', status: 'active' }, a.stamp);
		const onA = copy(base);
		const onB = copy(base);
		const x = localOps(onA, rowOf(onA)!, { id: 'g', status: 'achieved' }, a.stamp);
		const y = localOps(onB, rowOf(onB)!, { id: 'g', status: 'achieved' }, b.stamp);
		for (const op of y) applyOp(onA, op);
		expect(onA.fields.status).toHaveLength(2);
		expect(conflictsOf(onA)).toEqual([]);
		expect(x).toHaveLength(1);
	});

	it('a delete wins over an edit it did not see, which stays visible and can be restored', () => {
		const a = device(A);
		const b = device(B);
		const base = emptyState('goals', 'g');
		localOps(base, undefined, { id: 'g', title: 'Plan', tags: [] }, a.stamp);
		const onA = copy(base);
		const onB = copy(base);
		// B edits first (an earlier stamp); A deletes later without having seen it.
		const edit = localOps(onB, rowOf(onB)!, { id: 'g', title: 'Plan well', tags: [] }, b.stamp);
		a.clock.ms += 100;
		const deletion = localOps(onA, rowOf(onA)!, null, a.stamp);
		expect(deletion).toHaveLength(1);
		expect(deletion[0]).toMatchObject({ field: DELETED, value: true });
		expect(deletion[0]!.parents).toHaveLength(2);

		const together = applyOps(copy(onA), [...edit, ...deletion]);
		for (const op of edit) applyOp(onA, op);
		for (const op of deletion) applyOp(onB, op);
		expect(onA).toEqual(onB);
		expect(together).toEqual(onA);
		expect(rowOf(onA)).toBeNull();
		const [conflict] = conflictsOf(onA);
		expect(conflict).toMatchObject({ kind: 'delete', id: 'goals|g|$deleted' });
		expect(conflict!.versions[0]).toEqual({ hlc: deletion[0]!.hlc, device: A, value: null });
		expect(conflict!.versions[1]!.value).toEqual({ title: 'Plan well', tags: [] });

		const restored = copy(onA);
		resolveOps(restored, DELETED, { restore: true }, b.stamp);
		expect(rowOf(restored)).toEqual({ id: 'g', title: 'Plan well', tags: [] });
		expect(conflictsOf(restored)).toEqual([]);

		const keptDeleted = copy(onA);
		resolveOps(keptDeleted, DELETED, { keep: deletion[0]!.hlc }, b.stamp);
		expect(rowOf(keptDeleted)).toBeNull();
		expect(conflictsOf(keptDeleted)).toEqual([]);
	});

	it('a delete of a record as its device saw it is no conflict', () => {
		const a = device(A);
		const state = emptyState('goals', 'g');
		localOps(state, undefined, { id: 'g', title: 'Plan' }, a.stamp);
		localOps(state, rowOf(state)!, null, a.stamp);
		expect(rowOf(state)).toBeNull();
		expect(conflictsOf(state)).toEqual([]);
		// Putting it back (a restore from backup) is a `$deleted: false` op plus what changed.
		const back = localOps(state, undefined, { id: 'g', title: 'Plan again' }, a.stamp);
		expect(back.map((op) => [op.field, op.value])).toEqual([
			[DELETED, false],
			['title', 'Plan again']
		]);
		expect(rowOf(state)).toEqual({ id: 'g', title: 'Plan again' });
	});

	it('refuses choices that do not fit the conflict', () => {
		const a = device(A);
		const b = device(B);
		const state = emptyState('goals', 'g');
		applyOp(state, {
			...a.stamp(),
			table: 'goals',
			key: 'g',
			field: 'tags',
			value: ['x'],
			parents: []
		});
		applyOp(state, {
			...b.stamp(),
			table: 'goals',
			key: 'g',
			field: 'tags',
			value: ['y'],
			parents: []
		});
		expect(() => resolveOps(copy(state), 'tags', { keepBoth: true }, a.stamp)).toThrow('text');
		expect(() => resolveOps(copy(state), 'tags', { restore: true }, a.stamp)).toThrow();
		expect(() => resolveOps(copy(state), 'tags', { keep: 'nope' }, a.stamp)).toThrow();
		expect(() => resolveOps(copy(state), 'title', { keep: 'nope' }, a.stamp)).toThrow(
			'no conflict'
		);
	});
	it('settles bookkeeping stamps by the newest, with no conflict, in any order', () => {
		const a = device(A);
		const b = device(B, 2000);
		const base = emptyState('goals', 'g');
		const created = localOps(base, undefined, { id: 'g', title: 'Plan', updatedAt: 't0' }, a.stamp);
		const onA = copy(base);
		const onB = copy(base);
		const fromA = localOps(
			onA,
			rowOf(onA)!,
			{ id: 'g', title: 'Plan A', updatedAt: 't1' },
			a.stamp
		);
		const fromB = localOps(onB, rowOf(onB)!, { id: 'g', title: 'Plan', updatedAt: 't2' }, b.stamp);
		const one = replay([...created, ...fromA, ...fromB]);
		const other = replay([...created, ...fromB, ...fromA]);
		expect(one).toEqual(other);
		// A record's ops applied together (a batch from another device) end the same, marked.
		expect(applyOps(emptyState('goals', 'g'), [...created, ...fromA, ...fromB])).toEqual(one);
		// Positive control: the title, changed on one device only, has no conflict either; the
		// stamp changed on both keeps B's (the newer stamp) and asks nothing.
		expect(rowOf(one)).toEqual({ id: 'g', title: 'Plan A', updatedAt: 't2' });
		expect(conflictsOf(one)).toEqual([]);
		expect(one.fields.updatedAt).toHaveLength(1);
		// The same two edits of a learner's field do ask.
		const titleB = localOps(
			copy(base),
			rowOf(base)!,
			{ id: 'g', title: 'Plan B', updatedAt: 't0' },
			b.stamp
		);
		expect(conflictsOf(replay([...created, ...fromA, ...titleB])).map((c) => c.field)).toEqual([
			'title'
		]);
	});

	it('a delete beside a change of a stamp only is no conflict', () => {
		const a = device(A);
		const b = device(B, 2000);
		const base = emptyState('responses', 'r');
		const created = localOps(base, undefined, { id: 'r', text: 'Goed', readAt: null }, a.stamp);
		const deleted = localOps(copy(base), rowOf(base)!, null, a.stamp);
		const read = localOps(
			copy(base),
			rowOf(base)!,
			{ id: 'r', text: 'Goed', readAt: 'now' },
			b.stamp
		);
		const state = replay([...created, ...deleted, ...read], emptyState('responses', 'r'));
		expect(rowOf(state)).toBeNull();
		expect(conflictsOf(state)).toEqual([]);
		// Positive control: a change of the text beside the delete does ask.
		const changed = localOps(
			copy(base),
			rowOf(base)!,
			{ id: 'r', text: 'Beter', readAt: null },
			b.stamp
		);
		const asked = replay([...created, ...deleted, ...changed], emptyState('responses', 'r'));
		expect(conflictsOf(asked).map((c) => c.kind)).toEqual(['delete']);
	});
});
