import type { Table } from 'dexie';
import * as v from 'valibot';
import { decodeHlc, encodeHlc, receive } from '$lib/domain/device-sync/hlc';
import { readOp, type SyncOp } from '$lib/domain/device-sync/op';
import {
	applyOp,
	applyOps,
	emptyState,
	rowOf,
	winner,
	type RecordState
} from '$lib/domain/device-sync/register';
import {
	SYNCED_TABLE_NAMES,
	syncedSchema,
	type SyncedTable as BackupTable
} from '$lib/domain/device-sync/tables';
import { admit, vectorOf, type Marks, type Vector } from '$lib/domain/device-sync/vector';
import type { KoersDb, QuarantineRecord, SyncOpRecord, SyncStateRecord } from '../koers-db';
import { CLOCK_KEY, newClock, type DeviceClock } from './clock';
import { packState, runsOf, unpackState } from './log';
import { markRemote } from './middleware';

/**
 * Other devices' ops → sync state → Dexie rows, one transaction per batch.
 *
 * Each op is checked (shape, then the record it leads to against the table's backup schema, as a
 * backup import checks it). An op is taken in when it is its device's next seq and the ops it
 * names are here; otherwise it waits in `syncHeld` until they arrive. A record whose fields have
 * not all arrived yet waits for the rest; an op that would make a record invalid is refused
 * (kept in the log, marked, so the seqs stay gapless; listed in quarantine with the reason) and
 * the rest of the batch goes on. Rows are written from the winning values (put or delete) in a
 * transaction marked remote, so the middleware does not log them again.
 */

export interface Refusal {
	op: unknown;
	reason: string;
}

export interface ApplyResult {
	applied: number;
	refused: Refusal[];
	vector: Vector;
	/** Another device's clock runs more than five minutes ahead of this one's. */
	drift: boolean;
	/** Files that attachments of this device no longer used after the batch (to release). */
	freedFiles: string[];
}

export const APPLY_STORES = [
	...SYNCED_TABLE_NAMES,
	'syncOps',
	'syncFields',
	'syncDevices',
	'syncHeld',
	'syncQuarantine',
	'meta'
];

/** Keeps the newest refusals only: the list is for showing, not for evidence. */
const MAX_QUARANTINE = 1000;

type Verdict = { row: Record<string, unknown> } | { waiting: true } | { invalid: string };

/** Is the record as it stands valid, still missing fields it never had, or invalid? */
function judge(table: BackupTable, state: RecordState): Verdict | { deleted: true } {
	const row = rowOf(state);
	if (!row) return { deleted: true };
	const result = v.safeParse(syncedSchema(table), row);
	if (result.success) return { row: result.output as Record<string, unknown> };
	const unseen = result.issues.every((issue) => {
		const path = issue.path ?? [];
		const key = path[0]?.key;
		return path.length === 1 && typeof key === 'string' && !(key in state.fields);
	});
	if (unseen) return { waiting: true };
	const issue = result.issues[0];
	return { invalid: `record: ${v.getDotPath(issue) ?? ''} ${issue.message}`.trim() };
}

const copyOf = (state: RecordState): RecordState => ({ ...state, fields: { ...state.fields } });

/** Applies one record's ops; refuses, one by one, those that would make it invalid. */
function applyRecord(
	table: BackupTable,
	start: RecordState,
	ops: SyncOp[],
	refuse: (op: SyncOp, reason: string) => void
): { state: RecordState; verdict: Verdict | { deleted: true } } {
	let state = applyOps(copyOf(start), ops);
	let verdict = judge(table, state);
	if (!('invalid' in verdict)) return { state, verdict };
	state = copyOf(start);
	verdict = judge(table, state);
	for (const op of ops) {
		const trial = applyOp(copyOf(state), op);
		const next = judge(table, trial);
		if ('invalid' in next) refuse(op, next.invalid);
		else {
			state = trial;
			verdict = next;
		}
	}
	return { state, verdict };
}

function listIn<K, T>(map: Map<K, T[]>, key: K): T[] {
	let list = map.get(key);
	if (!list) map.set(key, (list = []));
	return list;
}

async function readClock(db: KoersDb): Promise<DeviceClock> {
	return ((await db.meta.get(CLOCK_KEY))?.value as DeviceClock | undefined) ?? newClock();
}

/** A batch of ops from another device, each read (checkOps): those that fit and the refused. */
export interface CheckedOps {
	readonly checked: true;
	valid: SyncOp[];
	refused: Refusal[];
}

/**
 * Reads each op of a batch (its shape, see domain/device-sync/op). Pure: a batch can be checked
 * while the one before it is still being written.
 */
export function checkOps(raw: readonly unknown[]): CheckedOps {
	const refused: Refusal[] = [];
	const valid: SyncOp[] = [];
	for (const item of raw) {
		const read = readOp(item);
		if ('op' in read) valid.push(read.op);
		else refused.push({ op: item, reason: read.reason });
	}
	return { checked: true, valid, refused };
}

const isChecked = (ops: readonly unknown[] | CheckedOps): ops is CheckedOps =>
	!Array.isArray(ops) && (ops as CheckedOps).checked === true;

/**
 * Applies a batch of ops from another device (idempotent: ops held already are skipped), as
 * received or as checkOps read it.
 */
export async function applyOpsTo(
	db: KoersDb,
	ops: readonly unknown[] | CheckedOps
): Promise<ApplyResult> {
	const { valid, refused: invalid } = isChecked(ops) ? ops : checkOps(ops);
	const refused = [...invalid];
	return db.transaction('rw', APPLY_STORES, async (tx) => {
		markRemote((tx as unknown as { idbtrans: object }).idbtrans);
		const now = new Date().toISOString();
		const clock = await readClock(db);
		const marks: Marks = {};
		for (const { device, seq, hlc } of await db.syncDevices.toArray()) marks[device] = { seq, hlc };
		marks[clock.device] = { seq: clock.seq, hlc: encodeHlc(clock, clock.device) };
		const incoming = valid.filter((op) => {
			if (op.device !== clock.device || op.seq <= clock.seq) return true;
			refused.push({ op, reason: "device: this device's own id" });
			return false;
		});
		const held = await db.syncHeld.toArray();
		const heldIds = new Set(held.map((op) => `${op.device}|${op.seq}`));
		const { ready, badStamp, waiting } = admit([...incoming, ...held], marks);

		const rejected = new Map<SyncOp, string>();
		const refuse = (op: SyncOp, reason: string) => rejected.set(op, reason);
		for (const op of badStamp) refuse(op, 'stamp: not after the previous op of its device');

		const records = new Map<string, { table: string; key: string; ops: SyncOp[] }>();
		for (const op of ready) {
			const id = `${op.table}\u0000${op.key}`;
			const group = records.get(id);
			if (group) group.ops.push(op);
			else records.set(id, { table: op.table, key: op.key, ops: [op] });
		}
		const groups = [...records.values()];
		const { states, rows } = await statesOf(db, groups);
		const newStates: SyncStateRecord[] = [];
		const freedFiles = new Set<string>();
		const puts = new Map<BackupTable, Record<string, unknown>[]>();
		const deletes = new Map<BackupTable, string[]>();
		groups.forEach(({ table, key, ops }, i) => {
			const name = table as BackupTable;
			const start = states[i] ?? emptyState(table, key);
			const { state, verdict } = applyRecord(name, start, ops, refuse);
			const row = 'row' in verdict ? verdict.row : 'deleted' in verdict ? null : rows[i];
			newStates.push(packState(state, row ?? null));
			const before = winner(start.fields.sha256)?.value;
			const after = 'row' in verdict ? verdict.row.sha256 : undefined;
			if (name === 'attachments' && typeof before === 'string' && before !== after)
				freedFiles.add(before);
			if ('row' in verdict) listIn(puts, name).push(verdict.row);
			else if ('deleted' in verdict) listIn(deletes, name).push(key);
		});

		let latest = { ms: clock.ms, counter: clock.counter };
		let drift = false;
		const wall = Date.now();
		for (const op of ready) {
			const seen = receive(latest, decodeHlc(op.hlc), wall);
			latest = seen.clock;
			drift ||= seen.drift;
		}
		const logged: SyncOpRecord[] = [...ready, ...badStamp].map((op) =>
			rejected.has(op) ? { ...op, refused: rejected.get(op) } : op
		);
		const quarantined: QuarantineRecord[] = [
			...refused.map(({ op, reason }) => ({ op, reason, at: now })),
			...[...rejected].map(([op, reason]) => ({ op, reason, at: now }))
		];
		for (const [op, reason] of rejected) refused.push({ op, reason });

		const table = (name: BackupTable) => db.table(name) as Table<Record<string, unknown>, string>;
		await Promise.all([
			db.syncOps.bulkPut(runsOf(logged)),
			db.syncFields.bulkPut(newStates),
			...[...puts].map(([name, rows]) => table(name).bulkPut(rows)),
			...[...deletes].map(([name, keys]) => table(name).bulkDelete(keys)),
			db.syncDevices.bulkPut(
				Object.entries(marks)
					.filter(([device]) => device !== clock.device)
					.map(([device, mark]) => ({ device, ...mark }))
			),
			db.syncHeld.bulkDelete(
				[...ready, ...badStamp]
					.filter((op) => heldIds.has(`${op.device}|${op.seq}`))
					.map((op) => [op.device, op.seq] as [string, number])
			),
			db.syncHeld.bulkPut(waiting.filter((op) => !heldIds.has(`${op.device}|${op.seq}`))),
			db.meta.put({ key: CLOCK_KEY, value: { ...clock, ...latest } }),
			quarantined.length ? keepQuarantine(db, quarantined) : undefined
		]);
		const applied = ready.filter((op) => !rejected.has(op)).length;
		return { applied, refused, vector: vectorOf(marks), drift, freedFiles: [...freedFiles] };
	});
}

/**
 * The sync states of `groups`' records (undefined: never seen), and the rows that states marked
 * `row` take their shown values from.
 */
async function statesOf(
	db: KoersDb,
	groups: readonly { table: string; key: string }[]
): Promise<{ states: (RecordState | undefined)[]; rows: (Record<string, unknown> | undefined)[] }> {
	const stored = await storedStates(db, groups);
	const wanted = new Map<string, number[]>();
	stored.forEach((state, i) => {
		if (state?.row) listIn(wanted, state.table).push(i);
	});
	const rows: (Record<string, unknown> | undefined)[] = [];
	await Promise.all(
		[...wanted].map(async ([table, indexes]) => {
			const found = await db.table(table).bulkGet(indexes.map((i) => groups[i]!.key));
			indexes.forEach((index, j) => (rows[index] = found[j] as Record<string, unknown>));
		})
	);
	return { states: stored.map((state, i) => state && unpackState(state, rows[i])), rows };
}

/** Below this many records of one table in a batch, their states are read one by one. */
const RANGE_READ_FROM = 32;

/**
 * The stored sync states of `groups`' records. Where a batch holds many records of one table
 * (a first sync), the keys of the table's states between its lowest and highest key are read in
 * one request, up to twice as many as it has: where the range holds no more, only the states of
 * the batch's records among them are read (none in a first sync's first batch), instead of one
 * request per record.
 */
async function storedStates(
	db: KoersDb,
	groups: readonly { table: string; key: string }[]
): Promise<(SyncStateRecord | undefined)[]> {
	const byTable = new Map<string, string[]>();
	for (const { table, key } of groups) listIn(byTable, table).push(key);
	const found = new Map<string, SyncStateRecord | undefined>();
	const single: [string, string][] = [];
	await Promise.all(
		[...byTable].map(async ([table, keys]) => {
			if (keys.length < RANGE_READ_FROM) {
				for (const key of keys) single.push([table, key]);
				return;
			}
			let low = keys[0]!;
			let high = low;
			for (const key of keys) {
				if (key < low) low = key;
				if (key > high) high = key;
			}
			// The keys held in that range, up to twice the batch's: where it holds no more, only
			// the batch's keys among them are read (none, in a first sync's first batch).
			const most = keys.length * 2;
			const held = (await db.syncFields
				.where('[table+key]')
				.between([table, low], [table, high], true, true)
				.limit(most + 1)
				.primaryKeys()) as [string, string][];
			if (held.length > most) {
				for (const key of keys) single.push([table, key]);
				return;
			}
			const wanted = new Set(keys);
			for (const pair of held) {
				if (wanted.has(pair[1])) single.push(pair);
			}
		})
	);
	const singles = await db.syncFields.bulkGet(single);
	single.forEach(([table, key], i) => found.set(`${table}\u0000${key}`, singles[i]));
	return groups.map(({ table, key }) => found.get(`${table}\u0000${key}`));
}

async function keepQuarantine(db: KoersDb, records: QuarantineRecord[]): Promise<void> {
	await db.syncQuarantine.bulkAdd(records.slice(-MAX_QUARANTINE));
	const count = await db.syncQuarantine.count();
	if (count > MAX_QUARANTINE) {
		const old = await db.syncQuarantine.limit(count - MAX_QUARANTINE).primaryKeys();
		await db.syncQuarantine.bulkDelete(old);
	}
}
