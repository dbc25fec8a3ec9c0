import type { Transaction } from 'dexie';
import { BACKUP_TABLE_NAMES } from '$lib/domain/table-names';
import { emptyState, localOps, type RecordState } from '$lib/domain/device-sync/register';
import type { SyncOp } from '$lib/domain/device-sync/op';
import { CLOCK_KEY, newClock, stamper } from './clock';
import { packState, runsOf } from './log';

/**
 * Schema version 7: this database becomes a device. It gets its id, and every record already
 * stored gets its ops (one per field, seq 1..n of this device), as if it had just been written,
 * so the first sync with another device carries everything.
 */
export async function logExistingRecords(tx: Transaction): Promise<void> {
	const clock = newClock();
	const stamp = stamper(clock);
	for (const table of BACKUP_TABLE_NAMES) {
		const rows = (await tx.table(table).toArray()) as Record<string, unknown>[];
		const ops: SyncOp[] = [];
		const states: RecordState[] = [];
		for (const row of rows) {
			const state = emptyState(table, String(row.id));
			ops.push(...localOps(state, undefined, row, stamp));
			states.push(state);
		}
		await tx.table('syncOps').bulkAdd(runsOf(ops));
		await tx.table('syncFields').bulkAdd(states.map((state, i) => packState(state, rows[i]!)));
	}
	await tx.table('meta').put({ key: CLOCK_KEY, value: clock });
}
