import { hex } from '@scure/base';
import { nowStamp } from '$lib/domain/dates';
import { createFileHasher } from '$lib/media/file-hash';
import { opfsChunk, opfsChunkNames, opfsWriter, removeOpfsChunks } from './chunk-bytes';
import { withLock } from './locks';
import { db, type ChunkRecord, type FileRecord } from './koers-db';

/** Files are stored in chunks of this size, each addressed by its own SHA-256. */
export const CHUNK_SIZE = 4 * 1024 * 1024;

/** The device has no room left for this file; nothing of it was kept. */
export class StorageFullError extends Error {
	constructor() {
		super('Storage is full');
		this.name = 'StorageFullError';
	}
}

/** Progress of a long file operation, in bytes. */
export interface ByteProgress {
	done: number;
	total: number;
}

export interface StoreOptions {
	signal?: AbortSignal;
	onProgress?: (progress: ByteProgress) => void;
}

function isQuotaError(error: unknown): boolean {
	const names = [error, (error as { inner?: unknown } | null)?.inner].map(
		(e) => (e as { name?: string } | null)?.name
	);
	return names.includes('QuotaExceededError');
}

/** The one lock every write and removal of chunk bytes holds, in every tab. */
const CHUNK_LOCK = 'koers-chunks';

/**
 * Streams `blob` into the chunk store for `uploadId` (see uploads.ts), hashing each chunk and the
 * whole file as it goes, so the file is never held in memory at once. Returns the file record,
 * not yet saved: the caller saves it with the records that use it, then finishes the upload.
 */
export function storeChunks(
	uploadId: string,
	blob: Blob,
	options: StoreOptions = {}
): Promise<FileRecord> {
	return storeStream(uploadId, blob.stream(), blob.size, blob.type, options);
}

/**
 * Like `storeChunks`, for bytes that arrive as a stream of `size` bytes (an entry being
 * unzipped). More or fewer bytes than `size` is an error.
 */
export async function storeStream(
	uploadId: string,
	stream: ReadableStream<Uint8Array>,
	size: number,
	type: string,
	options: StoreOptions = {}
): Promise<FileRecord> {
	const reader = stream.getReader();
	const hasher = await createFileHasher(size);
	const chunks: string[] = [];
	let buffer = new Uint8Array(Math.min(CHUNK_SIZE, size));
	let filled = 0;
	let done = 0;

	const flush = async () => {
		const bytes = buffer.subarray(0, filled);
		await hasher.update(bytes);
		const sha256 = hex.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
		// The buffer is not read again (the next chunk gets a new one), so it is handed over.
		await putChunk(uploadId, sha256, bytes, { handOver: true });
		chunks.push(sha256);
		done += filled;
		options.onProgress?.({ done, total: size });
		buffer = new Uint8Array(Math.min(CHUNK_SIZE, size - done));
		filled = 0;
	};

	try {
		for (;;) {
			options.signal?.throwIfAborted();
			const { value, done: ended } = await reader.read();
			if (ended) break;
			for (let offset = 0; offset < value.byteLength;) {
				if (done + filled + value.byteLength - offset > size) throw new SizeMismatchError();
				const take = Math.min(buffer.byteLength - filled, value.byteLength - offset);
				buffer.set(value.subarray(offset, offset + take), filled);
				filled += take;
				offset += take;
				if (filled === buffer.byteLength) await flush();
			}
		}
		if (done + filled !== size) throw new SizeMismatchError();
	} catch (error) {
		hasher.close();
		await reader.cancel().catch(() => {});
		throw isQuotaError(error) ? new StorageFullError() : error;
	}
	return {
		sha256: await hasher.digest(),
		size,
		type: type || 'application/octet-stream',
		chunks,
		createdAt: nowStamp()
	};
}

/**
 * Keeps one chunk under its SHA-256 (computed by the caller), unless it is already here, and
 * leases it to `uploadId` in the same transaction that finds it: from then on no sweep removes
 * it until the upload ends, whether it was written now or reused from before. With `handOver`
 * the caller gives `bytes` up: they may be moved to the chunk writer and be empty afterwards.
 */
export async function putChunk(
	uploadId: string,
	sha256: string,
	bytes: Uint8Array,
	options?: { handOver?: boolean }
): Promise<void> {
	try {
		await withLock(CHUNK_LOCK, async () => {
			if (await leaseChunk(uploadId, sha256)) return;
			const facts = { sha256, size: bytes.byteLength, createdAt: nowStamp() };
			const opfs = await opfsWriter();
			// The file is written before its row, so a row never names bytes that are not there.
			if (opfs) {
				await opfs.write(sha256, bytes, options);
				await db.chunks.put(facts);
			} else await db.chunks.put({ ...facts, data: new Blob([bytes as BlobPart]) });
		});
	} catch (error) {
		throw isQuotaError(error) ? new StorageFullError() : error;
	}
}

/**
 * Leases a chunk to `uploadId` and tells whether it is stored, in one transaction: a chunk found
 * here stays until the upload ends (removal checks leases in its own transaction).
 */
export function leaseChunk(uploadId: string, sha256: string): Promise<boolean> {
	return db.transaction('rw', db.chunks, db.chunkLeases, async () => {
		await db.chunkLeases.put({ id: `${uploadId}/${sha256}`, uploadId, sha256 });
		return (await db.chunks.where('sha256').equals(sha256).count()) > 0;
	});
}

/** One chunk's bytes, read into memory (4 MiB at most). */
export async function chunkBytes(sha256: string): Promise<Uint8Array> {
	const chunk = await db.chunks.get(sha256);
	if (!chunk) throw new Error(`Chunk ${sha256} is missing`);
	return new Uint8Array(await (await chunkBlob(chunk)).arrayBuffer());
}

/** A chunk's bytes as a disk-backed Blob, wherever they are kept. */
function chunkBlob(chunk: ChunkRecord): Promise<Blob> {
	return chunk.data ? Promise.resolve(chunk.data) : opfsChunk(chunk.sha256);
}

/** How a stored file is cut into chunks, to send it. */
export async function fileManifest(
	sha256: string
): Promise<{ size: number; chunkSize: number; chunks: string[] } | null> {
	const file = await db.files.get(sha256);
	return file ? { size: file.size, chunkSize: CHUNK_SIZE, chunks: file.chunks } : null;
}

/** A stream held more or fewer bytes than it said it would. */
export class SizeMismatchError extends Error {
	constructor() {
		super('The file is not the size it was said to be');
		this.name = 'SizeMismatchError';
	}
}

/**
 * Deletes those of `hashes` that no stored file uses and no upload under way holds, rows and
 * bytes together, under the chunk lock (so no save can reuse a chunk while its bytes go).
 */
export async function discardUnreferencedChunks(hashes: readonly string[]): Promise<void> {
	if (hashes.length === 0) return;
	await withLock(CHUNK_LOCK, async () => {
		const gone = await db.transaction('rw', db.files, db.chunks, db.chunkLeases, async () => {
			const unused: string[] = [];
			for (const sha256 of new Set(hashes)) {
				if ((await db.files.where('chunks').equals(sha256).count()) > 0) continue;
				if ((await db.chunkLeases.where('sha256').equals(sha256).count()) > 0) continue;
				await db.chunks.delete(sha256);
				unused.push(sha256);
			}
			return unused;
		});
		await removeOpfsChunks(gone);
	});
}

/** Deletes a file's bytes when no attachment or received file refers to it any more. Call inside no transaction. */
export async function releaseFile(sha256: string): Promise<void> {
	const chunks = await db.transaction(
		'rw',
		db.files,
		db.attachments,
		db.receivedFiles,
		async () => {
			if ((await db.attachments.where('sha256').equals(sha256).count()) > 0) return [];
			if ((await db.receivedFiles.where('sha256').equals(sha256).count()) > 0) return [];
			const file = await db.files.get(sha256);
			await db.files.delete(sha256);
			return file?.chunks ?? [];
		}
	);
	await discardUnreferencedChunks(chunks);
}

/** A stored file's bytes as one Blob (backed by IndexedDB, not copied into memory). */
export async function readFile(sha256: string): Promise<Blob> {
	const file = await db.files.get(sha256);
	if (!file) throw new Error(`File ${sha256} is not stored`);
	const chunks = await db.chunks.bulkGet(file.chunks);
	const parts = await Promise.all(
		chunks.map((chunk, i) => {
			if (!chunk) throw new Error(`Chunk ${i} of file ${sha256} is missing`);
			return chunkBlob(chunk);
		})
	);
	return new Blob(parts, { type: file.type });
}

/**
 * Removes every chunk that no file uses and no upload holds, and every chunk file that has no
 * row (a tab closed between writing the two). Returns how many chunks went.
 */
export async function sweepOrphanChunks(): Promise<number> {
	return withLock(CHUNK_LOCK, async () => {
		const gone = await db.transaction('rw', db.files, db.chunks, db.chunkLeases, async () => {
			const used = new Set<string>();
			await db.files.each((file) => file.chunks.forEach((sha256) => used.add(sha256)));
			for (const key of await db.chunkLeases.orderBy('sha256').uniqueKeys()) used.add(String(key));
			const unused = (await db.chunks.toCollection().primaryKeys()).filter((k) => !used.has(k));
			await db.chunks.bulkDelete(unused);
			return unused;
		});
		const files = await opfsChunkNames();
		const rows = await db.chunks.bulkGet(files);
		await removeOpfsChunks([...gone, ...files.filter((_, i) => !rows[i])]);
		return gone.length;
	});
}
