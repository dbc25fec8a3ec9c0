/**
 * The names of the record tables that backups and device sync carry, without their schemas: the
 * database layer needs them on every page (to log each write for device sync), the schemas only
 * when records come in (backup/manifest.ts and group/device-tables.ts give each table its
 * schema, and are type-checked to cover exactly these names).
 */

/** The tables a backup holds, in the order a backup lists them. */
export const BACKUP_TABLE_NAMES = [
	'goals',
	'evidence',
	'attachments',
	'reflections',
	'registers',
	'peActivities',
	'shares',
	'responses',
	'questions',
	'receivedShares',
	'frameworks',
	'competencyLinks',
	'assessments',
	'pathSteps',
	'profile'
] as const;
export type BackupTable = (typeof BACKUP_TABLE_NAMES)[number];

/** The tables only a learner's own devices share (learning groups and device keys). */
export const DEVICE_ONLY_TABLE_NAMES = ['groups', 'learnerKeys', 'learnerCerts'] as const;
export type DeviceOnlyTable = (typeof DEVICE_ONLY_TABLE_NAMES)[number];

/** Every table device sync carries. */
export const SYNCED_TABLE_NAMES = [...BACKUP_TABLE_NAMES, ...DEVICE_ONLY_TABLE_NAMES] as const;
export type SyncedTable = BackupTable | DeviceOnlyTable;
