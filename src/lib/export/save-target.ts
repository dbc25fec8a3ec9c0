import { heldLocks, holdLock } from '$lib/db/locks';

/** Where a long export is written before it is offered as a download. */
export interface DownloadTarget {
	writable: WritableStream<Uint8Array>;
	/** The finished file; its copy here is removed EXPORT_KEPT_MS later. */
	file(): Promise<Blob>;
}

const EXPORT_DIR = 'exports';
const lockName = (id: string) => `koers-export:${id}`;

/** How long a finished export's file is kept for the browser to copy it into the downloads. */
export const EXPORT_KEPT_MS = 10 * 60 * 1000;

/**
 * Removes the files of exports that no tab is writing or offering any more (a backup holds the
 * whole portfolio: no hidden copy may stay behind). Called at every start and after a download.
 * Each export lives in its own folder under a lock of its own, so one export never removes
 * another that is still running, in this tab or another.
 */
export async function removeExports(): Promise<void> {
	const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
	const dir = await root?.getDirectoryHandle(EXPORT_DIR).catch(() => undefined);
	if (!dir) return;
	const held = await heldLocks();
	const names: string[] = [];
	for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
		names.push(name);
	}
	for (const name of names) {
		if (!held.has(lockName(name))) await dir.removeEntry(name, { recursive: true }).catch(() => {});
	}
}

/**
 * A file in the origin-private file system when the browser has one, so an export of
 * gigabytes is streamed to disk rather than held in memory; memory otherwise. Exports that
 * nobody uses any more are removed first.
 */
export async function downloadTarget(name: string): Promise<DownloadTarget> {
	const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
	if (root) {
		await removeExports();
		const id = crypto.randomUUID();
		const release = await holdLock(lockName(id));
		const exports = await root.getDirectoryHandle(EXPORT_DIR, { create: true });
		const dir = await exports.getDirectoryHandle(id, { create: true });
		const handle = await dir.getFileHandle(name, { create: true });
		if ('createWritable' in handle) {
			const writable = await handle.createWritable();
			const forget = async () => {
				release();
				await exports.removeEntry(id, { recursive: true }).catch(() => {});
			};
			return {
				writable: new WritableStream<Uint8Array>({
					write: (chunk) => writable.write(chunk as BufferSource),
					close: () => writable.close(),
					// A cancelled or failed export leaves nothing behind.
					abort: async (reason) => {
						await writable.abort(reason).catch(() => {});
						await forget();
					}
				}),
				file: async () => {
					const file = await handle.getFile();
					setTimeout(() => void forget(), EXPORT_KEPT_MS);
					return file;
				}
			};
		}
		release();
	}
	const parts: Uint8Array[] = [];
	return {
		writable: new WritableStream({ write: (chunk) => void parts.push(chunk) }),
		file: async () => new Blob(parts as BlobPart[], { type: 'application/zip' })
	};
}
