import type { Table } from 'dexie';
import {
	BACKUP_TABLE_NAMES,
	type BackupFile,
	type BackupTable,
	type BackupTables
} from '$lib/domain/backup/manifest';
import type { MergePlan } from '$lib/domain/backup/merge';
import { releaseFile } from './files';
import type { Upload } from './uploads';
import { db, type FileRecord } from './koers-db';

function tableOf(name: BackupTable): Table<{ id: string }, string> {
	return db.table(name);
}

/** Every record of the learner's portfolio, table by table, as a backup carries it. */
export async function readTables(): Promise<BackupTables> {
	return db.transaction('r', BACKUP_TABLE_NAMES, async () => {
		const entries = await Promise.all(
			BACKUP_TABLE_NAMES.map(async (name) => [name, await tableOf(name).toArray()] as const)
		);
		return Object.fromEntries(entries) as unknown as BackupTables;
	});
}

/** The stored files the attachments use, each once. */
export async function fileEntries(attachments: BackupTables['attachments']): Promise<BackupFile[]> {
	const hashes = [...new Set(attachments.map((a) => a.sha256))];
	const files = await db.files.bulkGet(hashes);
	return files.map((file, i) => {
		if (!file) throw new Error(`File ${hashes[i]} is not stored`);
		return { sha256: file.sha256, size: file.size, type: file.type };
	});
}

/** The records stored now, by id, for comparing with a backup's. */
export async function existingRecords(): Promise<{
	[K in BackupTable]: Map<string, BackupTables[K][number]>;
}> {
	const tables = await readTables();
	return Object.fromEntries(
		BACKUP_TABLE_NAMES.map((name) => [
			name,
			new Map((tables[name] as { id: string }[]).map((r) => [r.id, r]))
		])
	) as never;
}

/** Which of `hashes` are already stored here (their bytes need not be imported). */
export async function storedHashes(hashes: readonly string[]): Promise<Set<string>> {
	const files = await db.files.bulkGet([...hashes]);
	return new Set(files.flatMap((file) => (file ? [file.sha256] : [])));
}

/**
 * Writes a merge plan and the file records its attachments need in one transaction: either all
 * of it is stored or none. Files that replaced attachments no longer use are freed afterwards.
 */
export async function applyMerge(
	plan: MergePlan,
	files: readonly FileRecord[],
	upload?: Upload
): Promise<void> {
	const tables = [...BACKUP_TABLE_NAMES, 'files', ...(upload ? ['uploads', 'chunkLeases'] : [])];
	const replacedFiles = await db.transaction('rw', tables, async () => {
		for (const file of files) {
			if (!(await db.files.get(file.sha256))) await db.files.add(file);
		}
		// A file that was here when the import was planned may have gone since (another tab).
		for (const { sha256 } of [...plan.attachments.added, ...plan.attachments.changed]) {
			if (!(await db.files.get(sha256))) throw new MissingFileError(sha256);
		}
		const replaced: string[] = [];
		for (const attachment of plan.attachments.changed) {
			const before = await db.attachments.get(attachment.id);
			if (before && before.sha256 !== attachment.sha256) replaced.push(before.sha256);
		}
		for (const name of BACKUP_TABLE_NAMES) {
			const { added, changed } = plan[name];
			await tableOf(name).bulkPut([...added, ...changed] as { id: string }[]);
		}
		await upload?.finish();
		return replaced;
	});
	for (const sha256 of replacedFiles) await releaseFile(sha256);
}

/** A file the records need is not stored (it went while the import was being checked). */
export class MissingFileError extends Error {
	constructor(readonly sha256: string) {
		super(`File ${sha256} is not stored`);
		this.name = 'MissingFileError';
	}
}
