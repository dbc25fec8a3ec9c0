import { nowStamp } from '$lib/domain/dates';
import { readFile, releaseFile } from './files';
import { db } from './koers-db';
import { uploadTables, type Upload } from './uploads';

/**
 * On the coach's side: the media fetched from a live share. The bytes are stored files like the
 * learner's own (chunked, content-addressed); each is kept for the share it came with and goes
 * when that share is forgotten.
 */

/** Keeps a fetched file once all its chunks are stored and its SHA-256 checked. */
export async function keepReceivedFile(
	recordId: string,
	file: { sha256: string; size: number; type: string; chunks: string[] },
	upload?: Upload
): Promise<void> {
	await db.transaction('rw', [db.files, db.receivedFiles, ...uploadTables()], async () => {
		if (!(await db.files.get(file.sha256))) await db.files.add({ ...file, createdAt: nowStamp() });
		await db.receivedFiles.put({
			id: `${recordId}/${file.sha256}`,
			recordId,
			sha256: file.sha256,
			receivedAt: nowStamp()
		});
		await upload?.finish();
	});
}

/** The hashes of the files fetched for one received share. */
export async function receivedFileHashes(recordId: string): Promise<string[]> {
	const list = await db.receivedFiles.where('recordId').equals(recordId).toArray();
	return list.map((file) => file.sha256);
}

/** A fetched file's bytes (backed by IndexedDB, not copied into memory). */
export async function readReceivedFile(recordId: string, sha256: string): Promise<Blob | null> {
	if (!(await db.receivedFiles.get(`${recordId}/${sha256}`))) return null;
	return readFile(sha256);
}

/** Forgets the files fetched for a received share, and their bytes when nothing else uses them. */
export async function forgetReceivedFiles(recordId: string): Promise<void> {
	const hashes = await receivedFileHashes(recordId);
	await db.receivedFiles.where('recordId').equals(recordId).delete();
	for (const sha256 of hashes) await releaseFile(sha256);
}
