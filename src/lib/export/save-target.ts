/** Where a long export is written before it is offered as a download. */
export interface DownloadTarget {
	writable: WritableStream<Uint8Array>;
	/** The finished file. */
	file(): Promise<Blob>;
}

const EXPORT_DIR = 'exports';

/** How long a finished export's file is kept for the browser to copy it into the downloads. */
export const EXPORT_KEPT_MS = 10 * 60 * 1000;

/**
 * Removes the files of finished exports (a backup holds the whole portfolio: no hidden copy may
 * stay behind). Called some minutes after a download was offered, and at every start.
 */
export async function removeExports(): Promise<void> {
	const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
	await root?.removeEntry(EXPORT_DIR, { recursive: true }).catch(() => {});
}

/**
 * A file in the origin-private file system when the browser has one, so an export of
 * gigabytes is streamed to disk rather than held in memory; memory otherwise. Earlier exports
 * are removed first.
 */
export async function downloadTarget(name: string): Promise<DownloadTarget> {
	const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
	if (root) {
		await removeExports();
		const dir = await root.getDirectoryHandle(EXPORT_DIR, { create: true });
		const handle = await dir.getFileHandle(name, { create: true });
		if ('createWritable' in handle) {
			return { writable: await handle.createWritable(), file: () => handle.getFile() };
		}
	}
	const parts: Uint8Array[] = [];
	return {
		writable: new WritableStream({ write: (chunk) => void parts.push(chunk) }),
		file: async () => new Blob(parts as BlobPart[], { type: 'application/zip' })
	};
}
