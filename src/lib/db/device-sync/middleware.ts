import type {
	DBCore,
	DBCoreKeyRange,
	DBCoreMutateRequest,
	DBCoreMutateResponse,
	DBCoreTable,
	DBCoreTransaction,
	Middleware
} from 'dexie';
import { emptyState, localOps, type RecordState } from '$lib/domain/device-sync/register';
import type { SyncOp } from '$lib/domain/device-sync/op';
import { SYNCED_TABLE_NAMES } from '$lib/domain/table-names';
import { CLOCK_KEY, newClock, stamper, type DeviceClock } from './clock';
import type { SyncStateRecord } from '../koers-db';
import { packState, runsOf, unpackState } from './log';

/**
 * Local writes → ops, at the database layer, so no page or module can forget to record a change.
 *
 * Every readwrite transaction that touches a synced table (domain/device-sync/tables) is widened to the
 * sync stores. Each write reads the records' sync state (the values last logged) in the same
 * transaction, does the write, then stores one op per changed top-level field and the new heads:
 * an aborted transaction logs nothing, and no committed write goes unlogged. `deleteRange`
 * (Table.clear, Collection.delete) becomes a delete of explicit keys. Transactions that apply
 * other devices' ops are marked (markRemote) and pass through unlogged.
 */

export const SYNCED_TABLES: ReadonlySet<string> = new Set(SYNCED_TABLE_NAMES);
/** The stores a logged write also writes. */
export const LOG_STORES = ['syncOps', 'syncFields', 'meta'] as const;

const remote = new WeakSet<object>();
const notified = new WeakSet<object>();
const listeners = new Set<() => void>();

/** Marks a transaction as applying other devices' ops: its writes are not logged again. */
export function markRemote(trans: object): void {
	remote.add(trans);
}

/** Calls `listener` after each committed transaction (in this tab) that logged local ops. */
export function onLocalChange(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export function notifyLocalChange(): void {
	for (const listener of listeners) listener();
}

function notifyOnCommit(trans: DBCoreTransaction): void {
	if (notified.has(trans)) return;
	notified.add(trans);
	const idb = trans as unknown as EventTarget;
	idb.addEventListener?.('complete', notifyLocalChange);
}

const isReadwrite = (trans: DBCoreTransaction) =>
	(trans as unknown as { mode?: string }).mode === 'readwrite';

/** What the writes of one transaction share: one clock, and the states they have logged. */
interface TransactionLog {
	clock: Promise<DeviceClock>;
	states: Map<string, RecordState>;
}
const logs = new WeakMap<object, TransactionLog>();

function sharedOf(trans: DBCoreTransaction, readClock: () => Promise<DeviceClock>): TransactionLog {
	let log = logs.get(trans);
	if (!log) {
		log = { clock: readClock(), states: new Map() };
		logs.set(trans, log);
	}
	return log;
}

/** Above this many records in one write, a table's sync states are read in one request. */
const READ_ALL_ABOVE = 64;
const RANGE = 2 as DBCoreKeyRange['type'];

/** The stored sync state of each key of `table` (undefined: never logged). */
async function storedStates(
	fields: DBCoreTable,
	trans: DBCoreTransaction,
	table: string,
	keys: readonly unknown[]
): Promise<(SyncStateRecord | undefined)[]> {
	if (keys.length <= READ_ALL_ABOVE) {
		const stored = await fields.getMany({ trans, keys: keys.map((key) => [table, key]) });
		return stored as (SyncStateRecord | undefined)[];
	}
	// [table] sorts before every [table, key] and [table, []] after it.
	const range = { type: RANGE, lower: [table], upper: [table, []] };
	const { result } = await fields.query({
		trans,
		query: { index: fields.schema.primaryKey, range },
		values: true
	});
	const byKey = new Map((result as SyncStateRecord[]).map((state) => [state.key, state]));
	return keys.map((key) => byKey.get(`${key}`));
}

/**
 * The sync state of each key (undefined: never logged), read before the write: states marked
 * `row` take their shown values from the rows as they are until the write.
 */
async function statesOf(
	fields: DBCoreTable,
	rows: DBCoreTable,
	trans: DBCoreTransaction,
	keys: readonly unknown[]
): Promise<(RecordState | undefined)[]> {
	const stored = await storedStates(fields, trans, rows.name, keys);
	const wanted = keys.filter((_key, i) => stored[i]?.row);
	const found = wanted.length ? await rows.getMany({ trans, keys: wanted }) : [];
	let next = 0;
	return stored.map((state) => {
		if (!state) return undefined;
		return unpackState(state, state.row ? (found[next++] as Record<string, unknown>) : null);
	});
}

/**
 * Writes and logs one mutation of a synced table. Each record's change is taken against its sync
 * state (the values last logged), so nothing written around the log stays unlogged on its next
 * write.
 */
async function logged(
	down: DBCore,
	table: DBCoreTable,
	req: DBCoreMutateRequest
): Promise<DBCoreMutateResponse> {
	const trans = req.trans;
	if (!isReadwrite(trans) || remote.has(trans)) return table.mutate(req);
	const primaryKey = table.schema.primaryKey;
	const keyPath = typeof primaryKey.keyPath === 'string' ? primaryKey.keyPath : 'id';

	if (req.type === 'deleteRange') {
		const { result } = await table.query({
			trans,
			query: { index: primaryKey, range: req.range },
			values: false
		});
		if (!result.length) return { numFailures: 0, failures: {}, lastResult: undefined };
		return logged(down, table, { type: 'delete', trans, keys: result });
	}

	const keys: unknown[] =
		req.type === 'delete'
			? req.keys
			: (req.keys ?? req.values.map((value) => primaryKey.extractKey!(value)));
	const fields = down.table('syncFields');
	const meta = down.table('meta');
	const shared = sharedOf(trans, () =>
		meta.get({ trans, key: CLOCK_KEY }).then((row) => (row?.value as DeviceClock) ?? newClock())
	);
	const [states, clock] = await Promise.all([statesOf(fields, table, trans, keys), shared.clock]);

	const response = await table.mutate(req);

	// From here to the writes below runs without awaiting: writes running side by side in one
	// transaction take their seqs from one clock, and each sees the states the others left.
	const stamp = stamper(clock);
	const ops: SyncOp[] = [];
	const changed = new Map<string, RecordState>();
	const written = new Map<string, Record<string, unknown> | null>();
	keys.forEach((key, i) => {
		if (response.failures[i]) return;
		const id = `${key}`;
		const state =
			changed.get(id) ??
			shared.states.get(`${table.name}|${id}`) ??
			states[i] ??
			emptyState(table.name, id);
		const row = req.type === 'delete' ? null : (req.values[i] as Record<string, unknown>);
		const recordOps = localOps(state, undefined, row, stamp, keyPath);
		if (recordOps.length) {
			ops.push(...recordOps);
			changed.set(id, state);
		}
		written.set(id, row);
	});
	if (!ops.length) return response;
	for (const [id, state] of changed) shared.states.set(`${table.name}|${id}`, state);
	await Promise.all([
		down.table('syncOps').mutate({ type: 'add', trans, values: runsOf(ops) }),
		fields.mutate({
			type: 'put',
			trans,
			values: [...changed].map(([id, state]) => packState(state, written.get(id) ?? null))
		}),
		meta.mutate({ type: 'put', trans, values: [{ key: CLOCK_KEY, value: clock }] })
	]);
	notifyOnCommit(trans);
	return response;
}

/** The DBCore middleware that logs local writes to synced tables (installed by KoersDb). */
export const syncMiddleware: Middleware<DBCore> = {
	stack: 'dbcore',
	name: 'KoersDeviceSync',
	create: (down) => ({
		...down,
		transaction(stores, mode, options) {
			const widen = mode === 'readwrite' && stores.some((name) => SYNCED_TABLES.has(name));
			const all = widen ? [...new Set([...stores, ...LOG_STORES])] : stores;
			return down.transaction(all, mode, options);
		},
		table(name) {
			const table = down.table(name);
			if (!SYNCED_TABLES.has(name)) return table;
			return { ...table, mutate: (req) => logged(down, table, req) };
		}
	})
};
