import { sameValue, type Head, type RecordState } from '$lib/domain/device-sync/register';
import type { KoersDb, SyncOpRecord, SyncOpRun, SyncStateRecord } from '../koers-db';

/**
 * The op log is stored in runs: consecutive ops of one device in one row (`syncOps`, keyed by
 * device and first seq). A write of many fields, a bulk import or a batch from another device is
 * one or a few IndexedDB requests, not one per field.
 */

/** Enough to keep a catch-up of a few ops from reading much more than it sends. */
export const OPS_PER_RUN = 256;

/**
 * A run's JSON from this length on is stored deflated: a first sync writes the whole portfolio's
 * ops (about 10 MB of JSON for 10,000 items), and IndexedDB's time follows the bytes it writes.
 * A single save's run stays text. Runs stored as text (before, or while the codec had not loaded)
 * read the same.
 */
const DEFLATE_FROM = 1024;

type Codec = typeof import('./log-codec');
let codec: Codec | undefined;
let loading: Promise<Codec> | undefined;

/**
 * Loads the deflate codec. Its code loads apart, so a first visit's database code stays small: the
 * device sync loads it before it writes or reads ops (engine.ts), and runs are deflated from then.
 */
export function loadLogCodec(): Promise<Codec> {
	loading ??= import('./log-codec').then(
		(loaded) => (codec = loaded),
		(error: unknown) => {
			// Asked again next time (the runs written meanwhile are text).
			loading = undefined;
			throw error;
		}
	);
	return loading;
}

function packRun(json: string): string | Uint8Array<ArrayBuffer> {
	if (!codec || json.length < DEFLATE_FROM) return json;
	const deflated = codec.deflateSync(codec.strToU8(json), { level: 3 });
	// Stored as its buffer: exactly the deflated bytes, never a larger buffer behind them.
	return deflated.byteLength === deflated.buffer.byteLength ? deflated : deflated.slice();
}

function runText(ops: string | Uint8Array): string {
	if (typeof ops === 'string') return ops;
	if (!codec) throw new Error('A deflated run is read before loadLogCodec()');
	return codec.strFromU8(codec.inflateSync(ops));
}

/** A head as stored: [hlc], [hlc, value] or, for a delete, [hlc, value, parents]. */
type PackedHead = [string] | [string, unknown] | [string, unknown, string[]];

/**
 * A field as stored: its heads, or, when it has one head whose value the record's row holds, that
 * head's stamp alone (see packState).
 */
type PackedField = PackedHead[] | string;

function packHead(head: Head): PackedHead {
	if (head.parents) return [head.hlc, head.value, head.parents];
	return head.value === undefined ? [head.hlc] : [head.hlc, head.value];
}

function unpackHead(packed: PackedHead): Head {
	const head: Head = { hlc: packed[0] };
	if (packed.length > 1 && packed[1] !== undefined) head.value = packed[1];
	if (packed.length > 2) head.parents = packed[2];
	return head;
}

type Row = Record<string, unknown>;

// A stamp is `<ms: 16 hex>-<counter: 4 hex>-<device>` (domain/device-sync/hlc). The fields of a
// record written at once share the ms and device: a state stores those once (`base`,
// `<ms>-<device>`) and each such stamp as its counter alone.
const baseOf = (hlc: string) => hlc.slice(0, 16) + hlc.slice(21);
const COUNTER_LENGTH = 4;
const shortStamp = (hlc: string, base: string) => (baseOf(hlc) === base ? hlc.slice(17, 21) : hlc);
const fullStamp = (stamp: string, base: string | undefined) =>
	base && stamp.length === COUNTER_LENGTH
		? `${base.slice(0, 16)}-${stamp}${base.slice(16)}`
		: stamp;

/**
 * A record's sync state as stored, beside `row`: the record's row as written in the same
 * transaction (null: none). A state is short, as sync's storage beside the records is what a
 * phone's quota pays for: a field whose one head holds the value the row holds keeps only that
 * head's stamp (the value is stored once, in the row; the state is marked `row` and unpackState
 * takes the row back), and stamps of one ms and device keep only their counter. A conflict keeps
 * every value in the state (they are listed without reading rows).
 *
 * So a synced table's row may change only where its state is written too (the logging
 * middleware, applying other devices' ops, resolving a conflict); a schema upgrade that rewrites
 * rows must log what it changes.
 */
export function packState(state: RecordState, row: Row | null): SyncStateRecord {
	const inRow = (field: string, heads: Head[]) => {
		const head = heads[0];
		return (
			heads.length === 1 &&
			row !== null &&
			!state.conflict &&
			head !== undefined &&
			!head.parents &&
			head.value !== undefined &&
			sameValue(head.value, row[field])
		);
	};
	const entries = Object.entries(state.fields);
	const first = entries.find(([field, heads]) => inRow(field, heads));
	const base = first && baseOf(first[1][0]!.hlc);
	const fields: Record<string, PackedField> = {};
	for (const [field, heads] of entries) {
		fields[field] =
			base && inRow(field, heads) ? shortStamp(heads[0]!.hlc, base) : heads.map(packHead);
	}
	const packed: SyncStateRecord = {
		table: state.table,
		key: state.key,
		fields: JSON.stringify(fields)
	};
	if (state.conflict) packed.conflict = 1;
	if (base) {
		packed.row = 1;
		packed.base = base;
	}
	return packed;
}

/** A stored state; `row` is the record's row, needed where the state is marked `row`. */
export function unpackState(stored: SyncStateRecord, row?: Row | null): RecordState {
	const fields: RecordState['fields'] = {};
	const packed = JSON.parse(stored.fields) as Record<string, PackedField>;
	for (const [field, heads] of Object.entries(packed)) {
		if (typeof heads !== 'string') {
			fields[field] = heads.map(unpackHead);
			continue;
		}
		const head: Head = { hlc: fullStamp(heads, stored.base) };
		const value = row?.[field];
		if (value !== undefined) head.value = value;
		fields[field] = [head];
	}
	const state: RecordState = { table: stored.table, key: stored.key, fields };
	if (stored.conflict) state.conflict = 1;
	return state;
}

/**
 * An op inside a stored run, short: the device and seq follow from the run, and what it shares
 * with the op before it in the run is left out: about a third of the bytes of the op itself. Runs
 * written before these parts could be left out hold every part, and read the same.
 */
interface PackedOp {
	/** The stamp's clock part (`<ms>-<counter>`); absent: the previous op's, counter + 1. */
	h?: string;
	/** Absent: the previous op's table. */
	t?: string;
	/** Absent: the previous op's key. */
	k?: string;
	f: string;
	v?: unknown;
	/** Absent: none. */
	p?: string[];
	r?: string;
}

/** The clock part of the stamp after `clock` (same ms, next counter), as the stamper makes it. */
function nextClock(clock: string): string {
	const counter = parseInt(clock.slice(17, 21), 16) + 1;
	return `${clock.slice(0, 17)}${counter.toString(16).padStart(4, '0')}`;
}

function packOps(ops: readonly SyncOpRecord[]): PackedOp[] {
	let previous: SyncOpRecord | undefined;
	return ops.map((op) => {
		const packed: PackedOp = { f: op.field };
		const clock = op.hlc.slice(0, 21);
		if (!previous || clock !== nextClock(previous.hlc.slice(0, 21))) packed.h = clock;
		if (op.table !== previous?.table) packed.t = op.table;
		if (op.key !== previous?.key) packed.k = op.key;
		if (op.value !== undefined) packed.v = op.value;
		if (op.parents.length) packed.p = op.parents;
		if (op.refused !== undefined) packed.r = op.refused;
		previous = op;
		return packed;
	});
}

/** The ops of a stored run. */
export function opsOf(run: SyncOpRun): SyncOpRecord[] {
	let previous: SyncOpRecord | undefined;
	return (JSON.parse(runText(run.ops)) as PackedOp[]).map((packed, i) => {
		const clock = packed.h ?? nextClock(previous!.hlc.slice(0, 21));
		const op: SyncOpRecord = {
			device: run.device,
			seq: run.seq + i,
			hlc: `${clock}-${run.device}`,
			table: packed.t ?? previous!.table,
			key: packed.k ?? previous!.key,
			field: packed.f,
			parents: packed.p ?? []
		};
		if ('v' in packed) op.value = packed.v;
		if (packed.r !== undefined) op.refused = packed.r;
		previous = op;
		return op;
	});
}

/** Groups ops into runs: same device, consecutive seqs, at most OPS_PER_RUN each. */
export function runsOf(ops: readonly SyncOpRecord[]): SyncOpRun[] {
	const sorted = [...ops].sort((a, b) =>
		a.device < b.device ? -1 : a.device > b.device ? 1 : a.seq - b.seq
	);
	const runs: { device: string; seq: number; last: number; ops: SyncOpRecord[] }[] = [];
	let run: (typeof runs)[number] | undefined;
	for (const op of sorted) {
		if (
			!run ||
			run.device !== op.device ||
			op.seq !== run.last + 1 ||
			run.ops.length >= OPS_PER_RUN
		) {
			run = { device: op.device, seq: op.seq, last: op.seq, ops: [] };
			runs.push(run);
		}
		run.ops.push(op);
		run.last = op.seq;
	}
	return runs.map((r) => ({ ...r, ops: packRun(JSON.stringify(packOps(r.ops))) }));
}

/**
 * Calls `visit` with each stored op of `device` from seq `from` to `until`, in order, until it
 * returns false. Reads a page of runs at a time.
 */
export async function eachOp(
	db: KoersDb,
	device: string,
	from: number,
	until: number,
	visit: (op: SyncOpRecord) => boolean
): Promise<void> {
	await loadLogCodec();
	// The run that holds `from` starts at or before it.
	const first = await db.syncOps
		.where('[device+seq]')
		.between([device, 0], [device, from], true, true)
		.last();
	let start = first && first.last >= from ? first.seq : from;
	while (start <= until) {
		const runs = await db.syncOps
			.where('[device+seq]')
			.between([device, start], [device, until], true, true)
			.limit(16)
			.toArray();
		if (!runs.length) return;
		for (const run of runs) {
			for (const op of opsOf(run)) {
				if (op.seq < from || op.seq > until) continue;
				if (!visit(op)) return;
			}
		}
		start = (runs.at(-1)?.last ?? until) + 1;
	}
}

/** Every op stored here (tests and diagnostics). */
export async function allOps(db: KoersDb): Promise<SyncOpRecord[]> {
	await loadLogCodec();
	return (await db.syncOps.toArray()).flatMap(opsOf);
}
