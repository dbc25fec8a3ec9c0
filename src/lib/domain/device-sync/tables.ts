import type * as v from 'valibot';
import { BACKUP_TABLES } from '../backup/manifest';
import { DEVICE_ONLY_TABLES } from '../group/device-tables';
import { SYNCED_TABLE_NAMES, type SyncedTable } from '../table-names';

export { SYNCED_TABLE_NAMES, type SyncedTable };

/**
 * Every table device sync carries, with the schema each incoming record is checked against: the
 * backup's tables, and those only a learner's own devices share (learning groups and the keys
 * of each device: domain/group/device-tables.ts), which backups never hold. Code that needs only
 * the names (logging each write) takes them from domain/table-names.ts, without the schemas.
 */
export const SYNCED_TABLES = { ...BACKUP_TABLES, ...DEVICE_ONLY_TABLES } as const satisfies Record<
	SyncedTable,
	{ schema: v.GenericSchema }
>;

/** The schema a record of `table` must meet. */
export const syncedSchema = (table: SyncedTable): v.GenericSchema =>
	SYNCED_TABLES[table].schema as v.GenericSchema;
