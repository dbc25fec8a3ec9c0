import type { Transaction } from 'dexie';
import { emptyState, localOps, type RecordState } from '$lib/domain/device-sync/register';
import { CLOCK_KEY, newClock, type DeviceClock, stamper } from './device-sync/clock';
import { packState, runsOf } from './device-sync/log';

/**
 * Schema version 9: learning groups go to the learner's other devices. What was seen of a group
 * moves to `groupVisits` (each device keeps its own), and every group already stored gets its
 * ops as this device's next seqs (an upgrade bypasses the logging middleware), so the next sync
 * with another device carries it.
 */
export async function syncExistingGroups(tx: Transaction): Promise<void> {
	const groups = (await tx.table('groups').toArray()) as Record<string, unknown>[];
	if (!groups.length) return;
	const visits = groups.map((group) => ({
		group: group.id,
		seen: Array.isArray(group.seen) ? group.seen : [],
		lastVisit: typeof group.lastVisit === 'string' ? group.lastVisit : null
	}));
	const rows = groups.map(({ seen: _seen, lastVisit: _lastVisit, ...row }) => row);
	const clock =
		((await tx.table('meta').get(CLOCK_KEY)) as { value?: DeviceClock } | undefined)?.value ??
		newClock();
	const stamp = stamper(clock);
	const states: RecordState[] = [];
	const ops = rows.flatMap((row) => {
		const state = emptyState('groups', String(row.id));
		states.push(state);
		return localOps(state, undefined, row, stamp);
	});
	await tx.table('groupVisits').bulkPut(visits);
	await tx.table('groups').bulkPut(rows);
	await tx.table('syncOps').bulkAdd(runsOf(ops));
	await tx.table('syncFields').bulkPut(states.map((state, i) => packState(state, rows[i]!)));
	await tx.table('meta').put({ key: CLOCK_KEY, value: clock });
}
