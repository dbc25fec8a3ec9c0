import type { Head, RecordState } from '$lib/domain/device-sync/register';
import type { KoersDb, SyncOpRecord, SyncOpRun, SyncStateRecord } from '../koers-db';

/**
 * The op log is stored in runs: consecutive ops of one device in one row (`syncOps`, keyed by
 * device and first seq). A write of many fields, a bulk import or a batch from another device is
 * one or a few IndexedDB requests, not one per field.
 */

/** Enough to keep a catch-up of a few ops from reading much more than it sends. */
export const OPS_PER_RUN = 256;

/** A head as stored: [hlc], [hlc, value] or, for a delete, [hlc, value, parents]. */
type PackedHead = [string] | [string, unknown] | [string, unknown, string[]];

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

/** A record's sync state as stored (fields as short JSON text). */
export function packState(state: RecordState): SyncStateRecord {
	const fields: Record<string, PackedHead[]> = {};
	for (const [field, heads] of Object.entries(state.fields)) fields[field] = heads.map(packHead);
	const packed: SyncStateRecord = {
		table: state.table,
		key: state.key,
		fields: JSON.stringify(fields)
	};
	if (state.conflict) packed.conflict = 1;
	return packed;
}

export function unpackState(stored: SyncStateRecord): RecordState {
	const fields: RecordState['fields'] = {};
	const packed = JSON.parse(stored.fields) as Record<string, PackedHead[]>;
	for (const [field, heads] of Object.entries(packed)) fields[field] = heads.map(unpackHead);
	const state: RecordState = { table: stored.table, key: stored.key, fields };
	if (stored.conflict) state.conflict = 1;
	return state;
}

/**
 * An op inside a stored run, short: the device and seq follow from the run, the stamp is stored
 * without its device part. About half the bytes of the op itself, and IndexedDB's cost grows with
 * the bytes written.
 */
interface PackedOp {
	/** The stamp's clock part (`<ms>-<counter>`). */
	h: string;
	t: string;
	k: string;
	f: string;
	v?: unknown;
	p: string[];
	r?: string;
}

function packOp(op: SyncOpRecord): PackedOp {
	const packed: PackedOp = {
		h: op.hlc.slice(0, 21),
		t: op.table,
		k: op.key,
		f: op.field,
		p: op.parents
	};
	if (op.value !== undefined) packed.v = op.value;
	if (op.refused !== undefined) packed.r = op.refused;
	return packed;
}

/** The ops of a stored run. */
export function opsOf(run: SyncOpRun): SyncOpRecord[] {
	return (JSON.parse(run.ops) as PackedOp[]).map((packed, i) => {
		const op: SyncOpRecord = {
			device: run.device,
			seq: run.seq + i,
			hlc: `${packed.h}-${run.device}`,
			table: packed.t,
			key: packed.k,
			field: packed.f,
			parents: packed.p
		};
		if ('v' in packed) op.value = packed.v;
		if (packed.r !== undefined) op.refused = packed.r;
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
	return runs.map((r) => ({ ...r, ops: JSON.stringify(r.ops.map(packOp)) }));
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
	return (await db.syncOps.toArray()).flatMap(opsOf);
}
