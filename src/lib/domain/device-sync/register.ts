import { hlcDevice } from './hlc';
import { DELETED, MAX_DELETE_PARENTS, type SyncOp } from './op';

/**
 * Per-field multi-value registers: the merge rules of device sync.
 *
 * Every top-level field of a record keeps its **heads**: the versions no other known version
 * names as a parent. An op replaces the heads it names and becomes a head itself. The value shown
 * is the head with the greatest stamp (deterministic on every device). Two or more heads with
 * different values are a conflict ("changed on two devices"): both stay, visible, until the
 * learner resolves it with an op that names all heads. An ordinary later edit names only the value
 * it replaced, so it does not clear a conflict silently.
 *
 * Deletes are the field `$deleted`; the greatest head wins like any field, so a delete wins over a
 * concurrent edit — but the edit is not lost: a delete names every field version it saw, and a
 * field version it did not see makes a conflict "deleted on one device, changed on another",
 * which the learner can resolve by restoring the record (rebuilt from the field heads, which
 * outlive the row) or by keeping it deleted.
 *
 * Because each device's ops are applied in order and only after the ops they name, any two
 * devices holding the same ops hold the same heads, whatever the order ops arrived in.
 */

export interface Head {
	hlc: string;
	/** Absent: the field was removed. */
	value?: unknown;
	/** Kept for deletes only: the field versions the delete saw. */
	parents?: string[];
}

/** Everything sync knows of one record: the heads of each of its fields. */
export interface RecordState {
	table: string;
	key: string;
	fields: Record<string, Head[]>;
	/** 1 while the record has a conflict (an index can find it); absent otherwise. */
	conflict?: 1;
}

export interface ConflictVersion {
	hlc: string;
	device: string;
	value: unknown;
}

export interface FieldConflict {
	/** `table|key|field` */
	id: string;
	table: string;
	key: string;
	field: string;
	/** `edit`: a field changed on two devices; `delete`: deleted on one, changed on another. */
	kind: 'edit' | 'delete';
	/** Newest first; for `delete` the first is the delete (value null), then the record as changed. */
	versions: ConflictVersion[];
}

export type ConflictChoice = { keep: string } | { keepBoth: true } | { restore: true };

/** Text kept from both sides of a conflict is joined with a blank line, oldest first. */
export const KEEP_BOTH_SEPARATOR = '\n\n';

/** JSON text with object keys sorted: equal data gives equal text. */
export function stableJson(value: unknown): string {
	if (value === undefined) return 'undefined';
	return JSON.stringify(value, (_key, item: unknown) =>
		item && typeof item === 'object' && !Array.isArray(item)
			? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: item
	);
}

export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	return stableJson(a) === stableJson(b);
}

const newestFirst = (a: Head, b: Head) => (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : 0);

/**
 * Fields that only record when something happened (bookkeeping, not the learner's words): two
 * devices' values are no conflict, the newest stamp stands. Such a field keeps one head, the one
 * with the greatest stamp, so every device settles on the same value whatever the order ops
 * arrive in.
 */
export const STAMP_FIELDS: ReadonlySet<string> = new Set([
	'updatedAt',
	'createdAt',
	'receivedAt',
	'readAt'
]);

/** The shown version of a field: its head with the greatest stamp. */
export function winner(heads: readonly Head[] | undefined): Head | undefined {
	return heads?.[0];
}

export function emptyState(table: string, key: string): RecordState {
	return { table, key, fields: {} };
}

export function isDeleted(state: RecordState): boolean {
	return winner(state.fields[DELETED])?.value === true;
}

function headOf(op: SyncOp): Head {
	const head: Head = { hlc: op.hlc };
	if (op.value !== undefined) head.value = op.value;
	if (op.field === DELETED) head.parents = op.parents;
	return head;
}

/**
 * The state after `op` (its parents already applied): the heads it names are replaced by it.
 * Applying an op twice changes nothing. Mutates and returns `state`.
 */
export function applyOp(state: RecordState, op: SyncOp): RecordState {
	return placeHead(state, op) ? markConflict(state) : state;
}

/** applyOp for a record's ops in turn; whether it is in conflict is worked out once, after. */
export function applyOps(state: RecordState, ops: Iterable<SyncOp>): RecordState {
	let changed = false;
	for (const op of ops) changed = placeHead(state, op) || changed;
	return changed ? markConflict(state) : state;
}

/** Puts `op` among its field's heads; false: it was there already. */
function placeHead(state: RecordState, op: SyncOp): boolean {
	const heads = state.fields[op.field] ?? [];
	if (heads.some((head) => head.hlc === op.hlc)) return false;
	const next = heads.filter((head) => !op.parents.includes(head.hlc));
	next.push(headOf(op));
	next.sort(newestFirst);
	state.fields[op.field] = STAMP_FIELDS.has(op.field) ? next.slice(0, 1) : next;
	return true;
}

/** The record's fields as shown (winners), without the key; undefined while deleted. */
export function valuesOf(state: RecordState): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	for (const [field, heads] of Object.entries(state.fields)) {
		if (field === DELETED) continue;
		const value = winner(heads)?.value;
		if (value !== undefined) values[field] = value;
	}
	return values;
}

/** The row the database shows for a record, or null when it is deleted. */
export function rowOf(state: RecordState, keyPath = 'id'): Record<string, unknown> | null {
	if (isDeleted(state)) return null;
	return { ...valuesOf(state), [keyPath]: state.key };
}

/** Field versions a winning delete did not see (edits made apart from the delete). */
function unseenByDelete(state: RecordState): Head[] {
	const deletes = (state.fields[DELETED] ?? []).filter((head) => head.value === true);
	if (!deletes.length || !isDeleted(state)) return [];
	const seen = new Set(deletes.flatMap((head) => head.parents ?? []));
	return Object.entries(state.fields)
		.filter(([field]) => field !== DELETED && !STAMP_FIELDS.has(field))
		.flatMap(([, heads]) => heads.filter((head) => !seen.has(head.hlc)));
}

/** Every conflict of a record, fields in name order. */
export function conflictsOf(state: RecordState): FieldConflict[] {
	const base = { table: state.table, key: state.key };
	const unseen = unseenByDelete(state);
	if (unseen.length) {
		const deletion = winner(state.fields[DELETED])!;
		const newest = [...unseen].sort(newestFirst)[0]!;
		return [
			{
				...base,
				id: `${state.table}|${state.key}|${DELETED}`,
				field: DELETED,
				kind: 'delete',
				versions: [
					{ hlc: deletion.hlc, device: hlcDevice(deletion.hlc), value: null },
					{ hlc: newest.hlc, device: hlcDevice(newest.hlc), value: valuesOf(state) }
				]
			}
		];
	}
	if (isDeleted(state)) return [];
	const conflicts: FieldConflict[] = [];
	for (const [field, heads] of Object.entries(state.fields).sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (field === DELETED || STAMP_FIELDS.has(field) || !differs(heads)) continue;
		conflicts.push({
			...base,
			id: `${state.table}|${state.key}|${field}`,
			field,
			kind: 'edit',
			versions: heads.map((head) => ({
				hlc: head.hlc,
				device: hlcDevice(head.hlc),
				value: head.value ?? null
			}))
		});
	}
	return conflicts;
}

/** More than one head, and not all with the same value. */
function differs(heads: readonly Head[]): boolean {
	const first = heads[0];
	return heads.length > 1 && heads.some((head) => !sameValue(head.value, first?.value));
}

function markConflict(state: RecordState): RecordState {
	const hasConflict =
		unseenByDelete(state).length > 0 ||
		(!isDeleted(state) &&
			Object.entries(state.fields).some(
				([field, heads]) => field !== DELETED && !STAMP_FIELDS.has(field) && differs(heads)
			));
	if (hasConflict) state.conflict = 1;
	else delete state.conflict;
	return state;
}

/** Gives the next local op its device, seq and stamp. */
export type Stamper = () => { device: string; seq: number; hlc: string };

/** A delete names every field version it saw. */
function deleteParents(state: RecordState): string[] {
	const own = (state.fields[DELETED] ?? []).map((head) => head.hlc);
	const seen = Object.entries(state.fields)
		.filter(([field]) => field !== DELETED)
		.flatMap(([, heads]) => heads.map((head) => head.hlc));
	return [...own, ...seen].slice(0, MAX_DELETE_PARENTS);
}

function fieldOp(
	state: RecordState,
	field: string,
	value: unknown,
	parents: string[],
	stamp: Stamper
): SyncOp {
	const op: SyncOp = { ...stamp(), table: state.table, key: state.key, field, parents };
	if (value !== undefined) op.value = value;
	applyOp(state, op);
	return op;
}

/**
 * The ops of a local write to one record: `row` is the record as written (null: deleted), `before`
 * the row it replaced (undefined: none). Only changed top-level fields get an op; a field's op
 * names the version it replaced (the shown one). Mutates `state`.
 */
export function localOps(
	state: RecordState,
	before: Record<string, unknown> | undefined,
	row: Record<string, unknown> | null,
	stamp: Stamper,
	keyPath = 'id'
): SyncOp[] {
	const ops: SyncOp[] = [];
	if (row === null) {
		const known = Object.keys(state.fields).length > 0;
		if ((known && !isDeleted(state)) || (!known && before)) {
			ops.push(fieldOp(state, DELETED, true, deleteParents(state), stamp));
		}
		return ops;
	}
	let base = before;
	if (!base) {
		if (isDeleted(state)) {
			const parents = (state.fields[DELETED] ?? []).map((head) => head.hlc);
			ops.push(fieldOp(state, DELETED, false, parents, stamp));
		}
		base = valuesOf(state);
	}
	const fields = new Set([...Object.keys(base), ...Object.keys(row)]);
	fields.delete(keyPath);
	for (const field of [...fields].sort()) {
		if (sameValue(base[field], row[field])) continue;
		const shown = winner(state.fields[field]);
		ops.push(fieldOp(state, field, row[field], shown ? [shown.hlc] : [], stamp));
	}
	return ops;
}

/** Why a conflict cannot be resolved as asked. */
export class ResolveError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ResolveError';
	}
}

/**
 * The op that resolves one conflict of a record as the learner chose: it names every head, so
 * once every device has it, the conflict is gone everywhere. Mutates `state`.
 */
export function resolveOps(
	state: RecordState,
	field: string,
	choice: ConflictChoice,
	stamp: Stamper
): SyncOp[] {
	const conflict = conflictsOf(state).find((c) => c.field === field);
	if (!conflict) throw new ResolveError('no conflict');
	if (conflict.kind === 'delete') {
		const keepDeleted = 'keep' in choice && choice.keep === conflict.versions[0]?.hlc;
		if (keepDeleted) {
			const parents = deleteParents(state);
			return [fieldOp(state, DELETED, true, parents, stamp)];
		}
		if ('keepBoth' in choice) throw new ResolveError('keep both is for text');
		const parents = (state.fields[DELETED] ?? []).map((head) => head.hlc);
		return [fieldOp(state, DELETED, false, parents, stamp)];
	}
	const heads = state.fields[field] ?? [];
	const parents = heads.map((head) => head.hlc);
	if ('restore' in choice) throw new ResolveError('restore is for deleted records');
	if ('keepBoth' in choice) {
		const oldestFirst = [...heads].reverse();
		if (!oldestFirst.every((head) => typeof head.value === 'string')) {
			throw new ResolveError('keep both is for text');
		}
		const joined = oldestFirst
			.map((head) => head.value as string)
			.filter((text, i, all) => all.indexOf(text) === i)
			.join(KEEP_BOTH_SEPARATOR);
		return [fieldOp(state, field, joined, parents, stamp)];
	}
	const kept = heads.find((head) => head.hlc === choice.keep);
	if (!kept) throw new ResolveError('no such version');
	return [fieldOp(state, field, kept.value, parents, stamp)];
}
