/** Where a long export is written before it is offered as a download. */
export interface DownloadTarget {
	writable: WritableStream<Uint8Array>;
	/** The finished file. */
	file(): Promise<Blob>;
}

const EXPORT_DIR = 'exports';

/**
 * A file in the origin-private file system when the browser has one, so an export of
 * gigabytes is streamed to disk rather than held in memory; memory otherwise. Earlier exports
 * are removed first: only the latest is kept until the next one.
 */
export async function downloadTarget(name: string): Promise<DownloadTarget> {
	const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
	if (root) {
		await root.removeEntry(EXPORT_DIR, { recursive: true }).catch(() => {});
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
