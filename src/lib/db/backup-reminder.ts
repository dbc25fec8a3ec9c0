import type { Table } from 'dexie';
import type { BackupState } from '$lib/domain/backup/reminder';
import { db } from './koers-db';
import { getMeta, setMeta } from './meta';
import { countRecords, notePresence } from './presence';

/* What the backup reminder needs; kept apart from the backup itself so Home stays light. */

/** When the last backup was exported, or null. */
export async function lastExportAt(): Promise<string | null> {
	return (await getMeta<string>('lastExportAt')) ?? null;
}

/** Remembers a finished export, for the backup reminder and, outside the database, for the
 * notice that says where to restore from if the browser ever removes the data. */
export async function markExported(at: string): Promise<void> {
	await setMeta('lastExportAt', at);
	notePresence(await countRecords(), at);
}

/**
 * After a restore: the backup it came from exists, so it counts as the last backup unless a
 * later one was made here.
 */
export async function markRestoredFrom(exportedAt: string, now = new Date()): Promise<void> {
	const at = Date.parse(exportedAt);
	// A backup's own date is its word only: a date that is no date, or in the future, is not kept.
	if (Number.isNaN(at) || at > now.getTime()) return;
	const last = await lastExportAt();
	if (last === null || last < exportedAt) await markExported(exportedAt);
}

/** How many goals, evidence, reflections and PE activities changed after `since`. */
export async function changedSince(since: string | null): Promise<number> {
	const tables = [db.goals, db.evidence, db.reflections, db.peActivities];
	const counts = await Promise.all(
		tables.map((table) =>
			since === null
				? table.count()
				: (table as Table<{ updatedAt: string }>).filter((r) => r.updatedAt > since).count()
		)
	);
	return counts.reduce((a, b) => a + b, 0);
}

/** When the learner first saved anything (remembered once found), or null when nothing is stored. */
async function firstSavedAt(): Promise<string | null> {
	const known = await getMeta<string>('firstSavedAt');
	if (known) return known;
	let first: string | null = null;
	for (const table of [db.goals, db.evidence, db.reflections, db.peActivities]) {
		await (table as Table<{ createdAt: string }>).each((r) => {
			if (first === null || r.createdAt < first) first = r.createdAt;
		});
	}
	if (first !== null) await setMeta('firstSavedAt', first);
	return first;
}

/** Everything the backup reminder looks at. */
export async function backupState(): Promise<BackupState> {
	const lastExportAt = (await getMeta<string>('lastExportAt')) ?? null;
	return {
		lastExportAt,
		firstSavedAt: await firstSavedAt(),
		changes: await changedSince(lastExportAt),
		snoozedUntil: (await getMeta<string>('backupSnoozedUntil')) ?? null
	};
}

/** "Later": hides the backup reminder until `until`. */
export async function snoozeBackupReminder(until: string): Promise<void> {
	await setMeta('backupSnoozedUntil', until);
}
