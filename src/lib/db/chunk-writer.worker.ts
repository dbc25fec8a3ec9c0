/// <reference lib="webworker" />
/**
 * Writes chunk files into the origin-private file system with a synchronous access handle,
 * which only a worker may open: the fastest way a browser can put bytes on disk. A file that
 * cannot be written whole (a full disk) is removed again, so no chunk is ever half there.
 */
import type { ChunkWrite, ChunkWriteResult } from './chunk-bytes';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
let dir: Promise<FileSystemDirectoryHandle> | undefined;

async function write(name: string, bytes: Uint8Array): Promise<void> {
	dir ??= navigator.storage
		.getDirectory()
		.then((root) => root.getDirectoryHandle('chunks', { create: true }));
	const folder = await dir;
	const handle = await folder.getFileHandle(name, { create: true });
	const access = await handle.createSyncAccessHandle();
	try {
		access.truncate(0);
		let at = 0;
		while (at < bytes.byteLength) at += access.write(bytes.subarray(at), { at });
		access.flush();
	} catch (error) {
		access.close();
		await folder.removeEntry(name).catch(() => {});
		throw error;
	}
	access.close();
}

/** One write at a time: a file has at most one access handle open. */
let queue = Promise.resolve();
ctx.onmessage = (event: MessageEvent<ChunkWrite>) => {
	queue = queue.then(() => handle(event.data));
};

async function handle({ id, name, bytes }: ChunkWrite): Promise<void> {
	let result: ChunkWriteResult;
	try {
		if (name === null) {
			// A probe: can this browser open synchronous access handles here?
			if (!('createSyncAccessHandle' in FileSystemFileHandle.prototype))
				throw new Error('unsupported');
			await write('.probe', new Uint8Array(1));
		} else await write(name, bytes);
		result = { id, ok: true };
	} catch (error) {
		result = { id, ok: false, error: (error as Error)?.name ?? 'Error' };
	}
	ctx.postMessage(result);
}
