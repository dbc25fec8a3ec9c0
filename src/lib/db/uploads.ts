import { DAY_MS, nowStamp } from '$lib/domain/dates';
import {
	discardUnreferencedChunks,
	leaseChunk,
	putChunk,
	storeChunks,
	storeStream,
	sweepOrphanChunks,
	type StoreOptions
} from './files';
import { db, type FileRecord, type UploadLabel, type UploadRecord } from './koers-db';
import { heldLocks, holdLock } from './locks';
import { getMeta, setMeta } from './meta';

/**
 * Every save of file bytes is an upload: a row that leases each chunk it stores or reuses, and a
 * lock held while its tab is alive. A sweep removes only chunks that no file uses and no upload
 * holds, so it can never take a chunk a save is about to commit. An upload whose lock is free
 * was cut off (the tab closed): the next start removes what it stored and tells the learner.
 */

const lockName = (id: string) => `koers-upload:${id}`;
/** A media fetch kept for resuming is dropped when it was not touched for this long. */
const FETCH_KEPT_MS = 30 * DAY_MS;
const INTERRUPTED_KEY = 'interruptedUploads';

let inProgress = 0;

/** How many saves are under way in this tab (to warn before the tab closes). */
export function uploadsInProgress(): number {
	return inProgress;
}

/** A save of file bytes under way. Close it in a `finally`; finish it with the records. */
export class Upload {
	#release: () => void;
	#closed = false;

	private constructor(
		readonly id: string,
		release: () => void
	) {
		this.#release = release;
	}

	/** Starts a save (the learner is waiting for it) of about `bytes` bytes. */
	static async begin(label: UploadLabel, bytes: number): Promise<Upload> {
		const id = crypto.randomUUID();
		// Counted from the first moment, so closing the tab asks even before the first byte.
		inProgress++;
		let release: (() => void) | undefined;
		try {
			// The lock comes first, so a sweep never sees this row without a live owner.
			release = await holdLock(lockName(id));
			const stamp = nowStamp();
			await db.uploads.put({ id, kind: 'save', label, bytes, startedAt: stamp, touchedAt: stamp });
			return new Upload(id, release);
		} catch (error) {
			inProgress--;
			release?.();
			throw error;
		}
	}

	/**
	 * Starts or resumes the fetch of one file: what an earlier visit stored stays held by it,
	 * so the fetch can go on where it stopped.
	 */
	static async fetch(sha256: string, label: UploadLabel, bytes: number): Promise<Upload> {
		const id = `fetch:${sha256}`;
		const stamp = nowStamp();
		await db.transaction('rw', db.uploads, async () => {
			const kept = await db.uploads.get(id);
			await db.uploads.put({
				id,
				kind: 'fetch',
				label,
				bytes,
				startedAt: kept?.startedAt ?? stamp,
				touchedAt: stamp
			});
		});
		inProgress++;
		return new Upload(id, () => {});
	}

	/** Stores a file's bytes, held by this upload. */
	store(blob: Blob, options?: StoreOptions): Promise<FileRecord> {
		return storeChunks(this.id, blob, options);
	}

	/** Stores `size` bytes from a stream, held by this upload. */
	storeStream(
		stream: ReadableStream<Uint8Array>,
		size: number,
		type: string,
		options?: StoreOptions
	): Promise<FileRecord> {
		return storeStream(this.id, stream, size, type, options);
	}

	/** Whether a chunk is stored; one that is stays held by this upload. */
	hasChunk(sha256: string): Promise<boolean> {
		return leaseChunk(this.id, sha256);
	}

	/** Stores one chunk, held by this upload (`handOver`: see files.ts's `putChunk`). */
	putChunk(sha256: string, bytes: Uint8Array, options?: { handOver?: boolean }): Promise<void> {
		return putChunk(this.id, sha256, bytes, options);
	}

	/**
	 * Ends the upload as done. Call it inside the transaction that saves the files and the
	 * records using them (with `uploadTables` in its scope), so both commit or neither does.
	 */
	async finish(): Promise<void> {
		await db.chunkLeases.where('uploadId').equals(this.id).delete();
		await db.uploads.delete(this.id);
	}

	/** Lets go of what was stored but not used (a failed or cancelled save); fetches keep it. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		inProgress--;
		try {
			const row = await db.uploads.get(this.id);
			if (row?.kind === 'save') await abandon(this.id);
		} finally {
			this.#release();
		}
	}

	/** Drops a fetch and what it stored that no file uses (its bytes did not match). */
	async discard(): Promise<void> {
		await abandon(this.id);
	}
}

/** The tables `Upload.finish` writes, for the caller's transaction. */
export const uploadTables = () => [db.uploads, db.chunkLeases];

/** Deletes an upload's row and leases, then the chunks nothing else uses. */
async function abandon(id: string): Promise<void> {
	const held = await db.transaction('rw', db.uploads, db.chunkLeases, async () => {
		const leases = await db.chunkLeases.where('uploadId').equals(id).toArray();
		await db.chunkLeases.where('uploadId').equals(id).delete();
		await db.uploads.delete(id);
		return leases.map((lease) => lease.sha256);
	});
	await discardUnreferencedChunks(held);
}

/** A save that never finished because Koers was closed during it. */
export interface InterruptedUpload {
	label: UploadLabel;
	bytes: number;
	startedAt: string;
}

/**
 * Run at start: ends the uploads whose tab is gone (noting the saves among them, to tell the
 * learner) and removes every chunk that nothing uses. Returns how many chunks went.
 */
export async function sweepStorage(now = Date.now()): Promise<number> {
	const before = await db.chunks.count();
	const held = await heldLocks();
	const stale = (await db.uploads.toArray()).filter((upload: UploadRecord) =>
		upload.kind === 'save'
			? !held.has(lockName(upload.id))
			: now - Date.parse(upload.touchedAt) > FETCH_KEPT_MS
	);
	const cut = stale.filter((upload) => upload.kind === 'save');
	if (cut.length > 0) {
		const known = (await getMeta<InterruptedUpload[]>(INTERRUPTED_KEY)) ?? [];
		const noted = cut.map(({ label, bytes, startedAt }) => ({ label, bytes, startedAt }));
		await setMeta(INTERRUPTED_KEY, [...known, ...noted].slice(-10));
	}
	for (const upload of stale) await abandon(upload.id);
	// Files kept for a form across an update's reload that no form took back within a day.
	const dayAgo = new Date(now - DAY_MS).toISOString();
	await db.draftFiles.filter((kept) => kept.keptAt < dayAgo).delete();
	await sweepOrphanChunks();
	return before - (await db.chunks.count());
}

/** The saves noted as cut off, until the learner has read about them. */
export async function interruptedUploads(): Promise<InterruptedUpload[]> {
	return (await getMeta<InterruptedUpload[]>(INTERRUPTED_KEY)) ?? [];
}

/** The learner has read the notice. */
export async function forgetInterruptedUploads(): Promise<void> {
	await db.meta.delete(INTERRUPTED_KEY);
}
