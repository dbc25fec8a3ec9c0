import type { Table } from 'dexie';
import * as v from 'valibot';
import { encodeHlc } from '$lib/domain/device-sync/hlc';
import type { SyncOp } from '$lib/domain/device-sync/op';
import {
	conflictsOf,
	resolveOps,
	rowOf,
	type ConflictChoice,
	type FieldConflict
} from '$lib/domain/device-sync/register';
import {
	SYNCED_TABLES,
	syncedSchema,
	type SyncedTable as BackupTable
} from '$lib/domain/device-sync/tables';
import { missingCount, type Vector } from '$lib/domain/device-sync/vector';
import type { KoersDb } from '../koers-db';
import { watchQuery, type QueryObserver } from '../live';
import {
	applyOpsTo,
	APPLY_STORES,
	checkOps,
	type ApplyResult,
	type CheckedOps,
	type Refusal
} from './apply';
import { CLOCK_KEY, newClock, stamper, type DeviceClock } from './clock';
import { eachOp, loadLogCodec, packState, runsOf, unpackState } from './log';
import { markRemote, notifyLocalChange } from './middleware';

/** Ops are sent in batches of about this many bytes (JSON). */
export const DEFAULT_BATCH_BYTES = 1024 * 1024;

/** The conflict `id` is gone (resolved here or on another device). */
export class NoConflictError extends Error {
	constructor(readonly id: string) {
		super(`No conflict ${id}`);
		this.name = 'NoConflictError';
	}
}

const seqOf = (vector: Vector, device: string): number => {
	const seq = vector[device];
	return typeof seq === 'number' && Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
};

function parseConflictId(id: string): { table: BackupTable; key: string; field: string } {
	const first = id.indexOf('|');
	const last = id.lastIndexOf('|');
	const table = id.slice(0, first) as BackupTable;
	if (first < 0 || last <= first || !(table in SYNCED_TABLES)) throw new NoConflictError(id);
	return { table, key: id.slice(first + 1, last), field: id.slice(last + 1) };
}

/** The device-sync functions of one database (the app's: index.ts; tests open several). */
export function deviceSyncOf(db: KoersDb) {
	async function storedClock(): Promise<DeviceClock | undefined> {
		return (await db.meta.get(CLOCK_KEY))?.value as DeviceClock | undefined;
	}

	async function clock(): Promise<DeviceClock> {
		const stored = await storedClock();
		if (stored) return stored;
		return db.transaction('rw', db.meta, async () => {
			const again = await storedClock();
			if (again) return again;
			const created = newClock();
			await db.meta.put({ key: CLOCK_KEY, value: created });
			return created;
		});
	}

	/** This database's device id (random, made once per database). */
	async function thisDevice(): Promise<string> {
		return (await clock()).device;
	}

	/** For each device, the highest seq held here with every seq before it. */
	async function localVector(): Promise<Vector> {
		return db.transaction('r', [db.meta, db.syncDevices], async () => {
			const own = await storedClock();
			const vector: Vector = {};
			for (const { device, seq } of await db.syncDevices.toArray()) vector[device] = seq;
			if (own && own.seq > 0) vector[own.device] = own.seq;
			return vector;
		});
	}

	/**
	 * The ops held here that `theirs` lacks, in (device, seq) order, up to about `maxBytes` of
	 * JSON (at least one op); `more` says another call has more. `json`: the ops as JSON text
	 * (each op's text was measured, so a sender need not write them again).
	 */
	async function opsSince(
		theirs: Vector,
		maxBytes = DEFAULT_BATCH_BYTES
	): Promise<{ ops: SyncOp[]; more: boolean; json: string }> {
		const ours = await localVector();
		const ops: SyncOp[] = [];
		const texts: string[] = [];
		let bytes = 0;
		let more = false;
		for (const device of Object.keys(ours).sort()) {
			if (more) break;
			await eachOp(db, device, seqOf(theirs, device) + 1, ours[device] ?? 0, (record) => {
				const { refused: _refused, ...op } = record;
				const text = JSON.stringify(op);
				if (ops.length && bytes + text.length > maxBytes) {
					more = true;
					return false;
				}
				ops.push(op);
				texts.push(text);
				bytes += text.length;
				return true;
			});
		}
		return { ops, more, json: `[${texts.join(',')}]` };
	}

	/** How many ops held here `theirs` lacks (for "pending" in the UI). */
	async function countMissing(theirs: Vector): Promise<number> {
		const ours = await localVector();
		const clean: Vector = {};
		for (const device of Object.keys(ours)) clean[device] = seqOf(theirs, device);
		return missingCount(ours, clean);
	}

	/**
	 * Applies a batch of another device's ops (see apply.ts); `checked`: the same batch as
	 * checkOps read it already.
	 */
	async function applyOps(ops: readonly unknown[], checked?: CheckedOps): Promise<ApplyResult> {
		// Before the transaction: the batch's runs are then stored deflated (log.ts), or as text
		// where its code could not load.
		await loadLogCodec().catch(() => {});
		return applyOpsTo(db, checked ?? ops);
	}

	/** Attachments whose bytes are not stored on this device. */
	async function missingFiles(): Promise<{ sha256: string; size: number; type: string }[]> {
		const attachments = await db.attachments.toArray();
		const wanted = new Map(attachments.map((a) => [a.sha256, { size: a.size, type: a.type }]));
		const hashes = [...wanted.keys()];
		const files = await db.files.bulkGet(hashes);
		return hashes.flatMap((sha256, i) => {
			const file = wanted.get(sha256);
			return files[i] || !file ? [] : [{ sha256, ...file }];
		});
	}

	/** Every conflict between devices. */
	async function listConflicts(): Promise<FieldConflict[]> {
		const states = await db.syncFields.where('conflict').equals(1).toArray();
		return states.flatMap((stored) => conflictsOf(unpackState(stored)));
	}

	/** Watches the conflicts ("changed on two devices"); returns the function that stops. */
	function watchConflicts(observer: QueryObserver<FieldConflict[]>): () => void {
		return watchQuery(listConflicts, observer);
	}

	/** How many ops were refused, and the newest refusals (oldest first). */
	async function quarantine(): Promise<{ count: number; newest: Refusal[] }> {
		const count = await db.syncQuarantine.count();
		const newest = await db.syncQuarantine.reverse().limit(20).toArray();
		return { count, newest: newest.reverse().map(({ op, reason }) => ({ op, reason })) };
	}

	/**
	 * Resolves a conflict as the learner chose: keep one version (`keep` its hlc), keep both
	 * texts (joined with a blank line), or restore a record deleted on another device. Writes one
	 * op that names every version, so the conflict ends on every device that receives it.
	 */
	async function resolveConflict(id: string, choice: ConflictChoice): Promise<void> {
		const { table, key, field } = parseConflictId(id);
		await db.transaction('rw', APPLY_STORES, async (tx) => {
			markRemote((tx as unknown as { idbtrans: object }).idbtrans);
			const stored = await db.syncFields.get([table, key]);
			const state = stored && unpackState(stored);
			if (!state || !conflictsOf(state).some((c) => c.field === field)) {
				throw new NoConflictError(id);
			}
			const own = await clock();
			const ops = resolveOps(state, field, choice, stamper(own));
			const rows = db.table(table) as Table<Record<string, unknown>, string>;
			const shown = rowOf(state);
			const row = shown && (v.parse(syncedSchema(table), shown) as Record<string, unknown>);
			if (row) await rows.put(row);
			else await rows.delete(key);
			await db.syncOps.bulkAdd(runsOf(ops));
			await db.syncFields.put(packState(state, row));
			await db.meta.put({ key: CLOCK_KEY, value: own });
		});
		notifyLocalChange();
	}

	/** The stamp of this device's clock now (diagnostics). */
	async function lastStamp(): Promise<string> {
		const own = await clock();
		return encodeHlc(own, own.device);
	}

	return {
		thisDevice,
		localVector,
		opsSince,
		countMissing,
		checkOps,
		applyOps,
		missingFiles,
		listConflicts,
		watchConflicts,
		quarantine,
		resolveConflict,
		lastStamp
	};
}

export type DeviceSync = ReturnType<typeof deviceSyncOf>;
