/**
 * Where chunk bytes live. Where the browser can, each chunk is a file in the origin-private file
 * system (OPFS), written by a worker; its IndexedDB row then holds only the chunk's facts.
 * Elsewhere (or for chunks stored before), the bytes are a Blob in the IndexedDB row itself.
 * Either way a chunk is read back as a disk-backed Blob, never copied into memory whole.
 */

/** A request to the chunk writer; a null name probes for support. */
export interface ChunkWrite {
	id: number;
	name: string | null;
	bytes: Uint8Array;
}

export type ChunkWriteResult = { id: number; ok: true } | { id: number; ok: false; error: string };

const FOLDER = 'chunks';

interface Writer {
	/**
	 * Writes one chunk file. With `handOver`, a `bytes` that spans its whole buffer is moved to the
	 * worker instead of copied, and is empty (detached) afterwards.
	 */
	write(name: string, bytes: Uint8Array, options?: { handOver?: boolean }): Promise<void>;
}

let writer: Promise<Writer | null> | undefined;

/** The OPFS chunk writer, or null where this browser has none (then chunks go to IndexedDB). */
export function opfsWriter(): Promise<Writer | null> {
	writer ??= startWriter().catch(() => null);
	return writer;
}

async function startWriter(): Promise<Writer | null> {
	if (typeof Worker === 'undefined' || !hasOpfs()) return null;
	const worker = new Worker(new URL('./chunk-writer.worker.ts', import.meta.url), {
		type: 'module'
	});
	const waiting = new Map<number, (result: ChunkWriteResult) => void>();
	let next = 0;
	worker.onmessage = (event: MessageEvent<ChunkWriteResult>) => {
		waiting.get(event.data.id)?.(event.data);
		waiting.delete(event.data.id);
	};
	const send = (name: string | null, bytes: Uint8Array, handOver = false) =>
		new Promise<ChunkWriteResult>((resolve) => {
			const id = next++;
			waiting.set(id, resolve);
			// Unless the caller hands its buffer over, a copy goes, so the caller's buffer stays usable.
			const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
			const moved =
				handOver && whole && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
			worker.postMessage({ id, name, bytes: moved } satisfies ChunkWrite, [
				moved.buffer as ArrayBuffer
			]);
		});
	const probe = await Promise.race([
		send(null, new Uint8Array(0)),
		new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))
	]);
	if (!probe?.ok) {
		worker.terminate();
		return null;
	}
	return {
		async write(name, bytes, options) {
			const result = await send(name, bytes, options?.handOver);
			if (!result.ok) {
				const error = new Error(`Writing chunk ${name} failed: ${result.error}`);
				error.name = result.error;
				throw error;
			}
		}
	};
}

const hasOpfs = () => typeof globalThis.navigator?.storage?.getDirectory === 'function';

async function folder(): Promise<FileSystemDirectoryHandle> {
	const root = await navigator.storage.getDirectory();
	return root.getDirectoryHandle(FOLDER, { create: true });
}

/** A chunk file's bytes, as a disk-backed File. */
export async function opfsChunk(name: string): Promise<Blob> {
	return (await (await folder()).getFileHandle(name)).getFile();
}

/** Removes chunk files (missing ones are fine). */
export async function removeOpfsChunks(names: Iterable<string>): Promise<void> {
	if (!hasOpfs()) return;
	const dir = await folder();
	for (const name of names) await dir.removeEntry(name).catch(() => {});
}

/** The names of all chunk files, to find those no row refers to. */
export async function opfsChunkNames(): Promise<string[]> {
	if (!hasOpfs()) return [];
	const dir = await folder().catch(() => undefined);
	if (!dir) return [];
	const names: string[] = [];
	for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
		if (/^[0-9a-f]{64}$/.test(name)) names.push(name);
	}
	return names;
}
