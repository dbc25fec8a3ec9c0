import { BACKUP_TABLES, BACKUP_TABLE_NAMES, type BackupTable, type BackupTables } from './manifest';

/** What importing one table would do. */
export interface TableMerge<T> {
	/** Records whose id is new here. */
	added: T[];
	/** Records stored here in another version, replaced by the backup's newer or equal one. */
	changed: T[];
	/** Records stored here exactly as in the backup. */
	unchanged: number;
	/** Records stored here in a newer version than the backup's, kept as they are. */
	keptNewer: number;
}

export type MergePlan = { [K in BackupTable]: TableMerge<BackupTables[K][number]> };

/** A JSON value written with sorted keys, so equal records compare equal. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v
	);
}

/** True when two records hold the same data, whatever the order of their fields. */
export function sameRecord(a: unknown, b: unknown): boolean {
	return canonical(a) === canonical(b);
}

/**
 * Merges by id: new records are added; a record that exists in both is replaced unless the one
 * stored here was changed later than the backup's (its stamp is newer), so an old backup never
 * undoes newer work.
 */
export function planMerge(
	existing: { [K in BackupTable]: ReadonlyMap<string, BackupTables[K][number]> },
	incoming: BackupTables
): MergePlan {
	const plan = {} as Record<BackupTable, TableMerge<unknown>>;
	for (const name of BACKUP_TABLE_NAMES) {
		const stamp = BACKUP_TABLES[name].stamp as (record: unknown) => string;
		const here = existing[name] as ReadonlyMap<string, unknown>;
		const merge: TableMerge<unknown> = { added: [], changed: [], unchanged: 0, keptNewer: 0 };
		for (const record of incoming[name] as { id: string }[]) {
			const current = here.get(record.id);
			if (current === undefined) merge.added.push(record);
			else if (sameRecord(current, record)) merge.unchanged++;
			else if (stamp(current) > stamp(record)) merge.keptNewer++;
			else merge.changed.push(record);
		}
		plan[name] = merge;
	}
	return plan as MergePlan;
}

/** How many records an import would write. */
export function writes(plan: MergePlan): number {
	return BACKUP_TABLE_NAMES.reduce(
		(sum, name) => sum + plan[name].added.length + plan[name].changed.length,
		0
	);
}
