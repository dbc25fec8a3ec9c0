import { releaseFile } from '../files';
import { db } from '../koers-db';
import type { ApplyResult, CheckedOps } from './apply';
import { deviceSyncOf } from './engine';

/**
 * Own devices in sync: the one module that maps between the database and its sync
 * representation (ops). The direction of each flow:
 *
 * - local write → Dexie row (by the db modules) → the DBCore middleware (middleware.ts) diffs the
 *   old and new row per top-level field in the SAME transaction → ops + field heads.
 * - ops from another device → applyOps (apply.ts): checked (shape, then the record against the
 *   table's backup schema, as a backup import) → field heads → winning values → Dexie row
 *   put/delete, in a transaction the middleware does not log again.
 * - ops to another device ← opsSince(their vector): the log in (device, seq) order, in batches.
 * - the learner's choice in a conflict → resolveConflict → an op naming every version → heads →
 *   Dexie row.
 *
 * Merge rules: domain/device-sync/register.ts. Clocks: domain/device-sync/hlc.ts. Vectors and
 * the order ops are taken in: domain/device-sync/vector.ts.
 */

export type { SyncOp } from '$lib/domain/device-sync/op';
export type { Vector } from '$lib/domain/device-sync/vector';
export type {
	ConflictChoice,
	ConflictVersion,
	FieldConflict
} from '$lib/domain/device-sync/register';
export type { ApplyResult, CheckedOps, Refusal } from './apply';
export { checkOps } from './apply';
export { DEFAULT_BATCH_BYTES, NoConflictError, deviceSyncOf, type DeviceSync } from './engine';
export { onLocalChange } from './middleware';

const sync = deviceSyncOf(db);

/** This database's device id (random 128-bit base64url, made once per database). */
export const thisDevice = sync.thisDevice;
/** For each device, the highest seq held here with every seq before it. */
export const localVector = sync.localVector;
/** The ops `theirs` lacks, in (device, seq) order, in batches of about maxBytes (1 MB). */
export const opsSince = sync.opsSince;
/** How many ops `theirs` lacks (for "pending" in the UI). */
export const countMissing = sync.countMissing;
/**
 * Validates and applies another device's ops; one transaction; idempotent. Afterwards the bytes
 * of files that attachments deleted or replaced by those ops no longer use are released.
 */
export async function applyOps(
	ops: readonly unknown[],
	checked?: CheckedOps
): Promise<ApplyResult> {
	const result = await sync.applyOps(ops, checked);
	for (const sha256 of result.freedFiles) await releaseFile(sha256);
	return result;
}
/** Attachments whose bytes are not stored on this device. */
export const missingFiles = sync.missingFiles;
/** Every conflict between devices, now. */
export const listConflicts = sync.listConflicts;
/** Watches the conflicts (db/live watchQuery shape); returns the function that stops. */
export const watchConflicts = sync.watchConflicts;
/** How many ops from other devices were refused, and the newest reasons. */
export const quarantine = sync.quarantine;
/** Keep one version (its hlc), keep both texts, or restore a record deleted elsewhere. */
export const resolveConflict = sync.resolveConflict;
