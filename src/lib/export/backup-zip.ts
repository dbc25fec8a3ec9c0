import {
	BlobReader,
	isDamagedEntry,
	openZip,
	ZipWriter,
	ERR_INVALID_UNCOMPRESSED_SIZE,
	type Entry,
	type FileEntry
} from './zip';
import { applyMerge, existingRecords, fileEntries, readTables, storedHashes } from '$lib/db/backup';
import { readFile, StorageFullError, type ByteProgress } from '$lib/db/files';
import { Upload } from '$lib/db/uploads';
import type { FileRecord } from '$lib/db/koers-db';
import {
	BACKUP_FORMAT,
	BACKUP_TABLE_NAMES,
	BACKUP_VERSION,
	FILES_DIR,
	MANIFEST_NAME,
	MAX_MANIFEST_BYTES,
	VIEWER_NAME,
	readBackup,
	type Backup,
	type BackupProblem
} from '$lib/domain/backup/manifest';
import { planMerge, type MergePlan } from '$lib/domain/backup/merge';
import { createFileHasher } from '$lib/media/file-hash';
import { nowStamp } from '$lib/domain/dates';

export interface LongWork {
	signal?: AbortSignal;
	onProgress?: (progress: ByteProgress) => void;
}

/** A stream that passes bytes through, counting them and stopping when `signal` aborts. */
function counting(onBytes: (n: number) => void, signal?: AbortSignal) {
	return new TransformStream<Uint8Array, Uint8Array>({
		transform(chunk, controller) {
			signal?.throwIfAborted();
			onBytes(chunk.byteLength);
			controller.enqueue(chunk);
		}
	});
}

/** What an export wrote. */
export interface ExportSummary {
	records: number;
	files: number;
	bytes: number;
}

/**
 * Streams the whole portfolio as a ZIP into `sink`: `koers.json` with every record, each stored
 * file once as `files/<sha256>`, and `index.html`, a viewer that works without Koers. Files are
 * read chunk by chunk, so gigabytes of media never sit in memory. ZIP64 is used when needed.
 */
export async function exportBackup(
	sink: WritableStream<Uint8Array>,
	viewer: (backup: Backup) => string | Promise<string>,
	work: LongWork = {}
): Promise<ExportSummary> {
	const tables = await readTables();
	const files = await fileEntries(tables.attachments);
	const backup: Backup = {
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		exportedAt: nowStamp(),
		tables,
		files
	};
	const total = files.reduce((sum, f) => sum + f.size, 0);
	let done = 0;
	const zip = new ZipWriter(sink, { signal: work.signal, lastModDate: new Date() });
	try {
		// Readers with a known size keep the ZIP plain (ZIP64 only when past 4 GB), which every
		// unzip tool reads.
		await zip.add(MANIFEST_NAME, new BlobReader(new Blob([JSON.stringify(backup)])), { level: 6 });
		await zip.add(VIEWER_NAME, new BlobReader(new Blob([await viewer(backup)])), { level: 6 });
		for (const file of files) {
			const before = done;
			// Media is compressed already: store it as it is.
			await zip.add(FILES_DIR + file.sha256, new BlobReader(await readFile(file.sha256)), {
				level: 0,
				signal: work.signal,
				onprogress: async (progress) => {
					done = before + progress;
					work.onProgress?.({ done, total });
				}
			});
			done = before + file.size;
		}
		await zip.close();
	} catch (error) {
		await sink.abort(error).catch(() => {});
		throw error;
	}
	const records = BACKUP_TABLE_NAMES.reduce((sum, name) => sum + tables[name].length, 0);
	return { records, files: files.length, bytes: total };
}

/** Why a backup file cannot be imported: a document problem or a problem with the ZIP itself. */
export type ImportProblem =
	| BackupProblem
	| { kind: 'notZip' }
	| { kind: 'damaged' }
	| { kind: 'tooLarge' }
	| { kind: 'notJson' }
	| { kind: 'missingFile'; sha256: string }
	| { kind: 'damagedFile'; sha256: string }
	| { kind: 'storageFull' };

export class ImportError extends Error {
	constructor(readonly problem: ImportProblem) {
		super(`Backup refused: ${problem.kind}`);
		this.name = 'ImportError';
	}
}

/** A backup file whose document has been read and checked, ready to preview and import. */
export interface OpenedBackup {
	backup: Backup;
	plan: MergePlan;
	/** Files whose bytes are not stored here yet, with their ZIP entries. */
	missing: { file: Backup['files'][number]; entry: FileEntry }[];
	/** Bytes those files need. */
	bytes: number;
	/** The backup's file name, to name the restore if it is cut off. */
	name: string;
	close: () => Promise<void>;
}

/** zip.js stops an entry that inflates to more bytes than its header declares. */
function inflatesTooFar(error: unknown): boolean {
	return (error as Error | null)?.message === ERR_INVALID_UNCOMPRESSED_SIZE;
}

/** What a failed read of the document entry says about the ZIP. */
function problemOfEntry(error: unknown): 'tooLarge' | 'damaged' | 'notZip' {
	if (inflatesTooFar(error)) return 'tooLarge';
	return isDamagedEntry(error) ? 'damaged' : 'notZip';
}

function isFileEntry(entry: Entry): entry is FileEntry {
	return !entry.directory;
}

/**
 * Reads every file of the backup once and checks its size and SHA-256 against the document,
 * also those already stored here (a damaged backup is said to be damaged, whatever is stored).
 */
async function checkFiles(
	files: readonly { file: Backup['files'][number]; entry: FileEntry }[],
	work: LongWork
): Promise<void> {
	const total = files.reduce((sum, f) => sum + f.file.size, 0);
	let done = 0;
	for (const { file, entry } of files) {
		const hasher = await createFileHasher(file.size);
		let size = 0;
		const sink = new WritableStream<Uint8Array>({
			write(bytes) {
				work.signal?.throwIfAborted();
				size += bytes.byteLength;
				work.onProgress?.({ done: done + size, total });
				// Waits while the worker catches up: the backup is read no faster than it is hashed.
				return hasher.update(bytes);
			}
		});
		try {
			await entry.getData(sink, { signal: work.signal });
		} catch (error) {
			hasher.close();
			if ((error as Error | null)?.name === 'AbortError') throw error;
			throw new ImportError({ kind: 'damagedFile', sha256: file.sha256 });
		}
		const sha256 = await hasher.digest();
		if (size !== file.size || sha256 !== file.sha256) {
			throw new ImportError({ kind: 'damagedFile', sha256: file.sha256 });
		}
		done += file.size;
	}
}

/**
 * Reads a backup's document and checks it and the ZIP completely before anything is written:
 * every file the records use must be in the ZIP with the size and SHA-256 the document gives
 * (each is read once, with progress). The merge plan compares it with what is stored now.
 */
export async function openBackup(
	file: Blob,
	work: LongWork = {},
	limits = { manifestBytes: MAX_MANIFEST_BYTES }
): Promise<OpenedBackup> {
	const reader = openZip(file);
	try {
		let entries: Entry[];
		try {
			entries = await reader.getEntries();
		} catch {
			throw new ImportError({ kind: 'notZip' });
		}
		const byName = new Map(entries.filter(isFileEntry).map((e) => [e.filename, e]));
		const manifest = byName.get(MANIFEST_NAME);
		if (!manifest) throw new ImportError({ kind: 'notBackup' });
		if (manifest.uncompressedSize > limits.manifestBytes)
			throw new ImportError({ kind: 'tooLarge' });

		let text: string;
		try {
			// The declared size may lie (a zip bomb): count what really comes out, and stop.
			let seen = 0;
			const capped = counting((n) => {
				seen += n;
				if (seen > limits.manifestBytes) throw new ImportError({ kind: 'tooLarge' });
			});
			const textPromise = new Response(capped.readable).text();
			textPromise.catch(() => {});
			await manifest.getData(capped.writable);
			text = await textPromise;
		} catch (error) {
			throw error instanceof ImportError ? error : new ImportError({ kind: problemOfEntry(error) });
		}
		let raw: unknown;
		try {
			raw = JSON.parse(text);
		} catch {
			throw new ImportError({ kind: 'notJson' });
		}
		const read = readBackup(raw);
		if ('problem' in read) throw new ImportError(read.problem);
		const { backup } = read;

		const stored = await storedHashes(backup.files.map((f) => f.sha256));
		const listed: OpenedBackup['missing'] = [];
		for (const entry of backup.files) {
			const zipped = byName.get(FILES_DIR + entry.sha256);
			if (!zipped) throw new ImportError({ kind: 'missingFile', sha256: entry.sha256 });
			if (zipped.uncompressedSize !== entry.size) {
				throw new ImportError({ kind: 'damagedFile', sha256: entry.sha256 });
			}
			listed.push({ file: entry, entry: zipped });
		}
		await checkFiles(listed, work);
		const missing = listed.filter(({ file }) => !stored.has(file.sha256));
		const plan = planMerge(await existingRecords(), backup.tables);
		const bytes = missing.reduce((sum, m) => sum + m.file.size, 0);
		const name = file instanceof File ? file.name : 'koers-backup.zip';
		return { backup, plan, missing, bytes, name, close: () => reader.close() };
	} catch (error) {
		await reader.close();
		throw error;
	}
}

/** Free space the browser still allows, or null when it does not say. */
async function freeSpace(): Promise<number | null> {
	const estimate = await globalThis.navigator?.storage?.estimate?.();
	return estimate?.quota !== undefined && estimate.usage !== undefined
		? estimate.quota - estimate.usage
		: null;
}

/**
 * Imports an opened backup: first the missing files' bytes, each checked against its SHA-256
 * and size as it streams in, then every record and file record in one transaction. When
 * anything fails or is cancelled, the stored bytes are removed again and no record changes.
 */
export async function importBackup(opened: OpenedBackup, work: LongWork = {}): Promise<void> {
	const room = await freeSpace();
	if (room !== null && opened.bytes > room) throw new ImportError({ kind: 'storageFull' });
	const stored: FileRecord[] = [];
	let before = 0;
	const upload = await Upload.begin({ what: 'restore', name: opened.name }, opened.bytes);
	try {
		for (const { file, entry } of opened.missing) {
			const pipe = new TransformStream<Uint8Array, Uint8Array>();
			const writing = entry.getData(pipe.writable, { signal: work.signal });
			let record: FileRecord;
			try {
				record = await upload.storeStream(pipe.readable, file.size, file.type, {
					signal: work.signal,
					onProgress: ({ done }) => work.onProgress?.({ done: before + done, total: opened.bytes })
				});
				await writing;
			} catch (error) {
				await writing.catch(() => {});
				if (error instanceof StorageFullError) throw new ImportError({ kind: 'storageFull' });
				if ((error as Error).name === 'AbortError') throw error;
				throw new ImportError({ kind: 'damagedFile', sha256: file.sha256 });
			}
			stored.push(record);
			if (record.sha256 !== file.sha256) {
				throw new ImportError({ kind: 'damagedFile', sha256: file.sha256 });
			}
			before += file.size;
		}
		await applyMerge(opened.plan, stored, upload);
	} finally {
		await upload.close();
		await opened.close();
	}
}
