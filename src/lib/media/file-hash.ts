/**
 * The SHA-256 of a whole file, fed its bytes in order as they pass by (a file being stored, a
 * file arriving from a peer, a backup's file being checked). A large file is hashed in a worker
 * (file-hash.worker.ts): hashing 200 MB in WebAssembly took the page's main thread about 2.5 s
 * (a CPU profile of the coach during the media bench), time the page needs for the transfer
 * itself and for staying responsive. A small file is hashed here: starting a worker would cost
 * more than the hash.
 */

export interface FileHasher {
	/** Adds the next bytes; they are copied, so the caller may hand its buffer on at once. */
	update(bytes: Uint8Array): void;
	/** The SHA-256 (hex) of every byte added. The hasher is done after it. */
	digest(): Promise<string>;
	/** Ends the hasher without a digest (a read that failed or was cancelled). */
	close(): void;
}

/** Files of this size and larger are hashed in a worker. */
export const WORKER_FROM_BYTES = 8 * 1024 * 1024;

/** A hasher for a file of `size` bytes: in a worker for a large file where there are workers. */
export async function createFileHasher(size: number): Promise<FileHasher> {
	if (size >= WORKER_FROM_BYTES && typeof Worker !== 'undefined') return workerHasher();
	return localHasher();
}

/** What file-hash.worker.ts answers: the digest, or why there is none. */
export type FileHashAnswer = { sha256: string } | { error: string };

async function localHasher(): Promise<FileHasher> {
	const { createSHA256 } = await import('hash-wasm');
	const hasher = await createSHA256();
	return {
		update: (bytes) => void hasher.update(bytes),
		digest: async () => hasher.digest('hex'),
		close: () => {}
	};
}

function workerHasher(): FileHasher {
	const worker = new Worker(new URL('./file-hash.worker.ts', import.meta.url), { type: 'module' });
	const answer = new Promise<string>((resolve, reject) => {
		worker.onmessage = ({ data }: MessageEvent<FileHashAnswer>) =>
			'sha256' in data ? resolve(data.sha256) : reject(new Error(data.error));
		worker.onerror = (event) => {
			event.preventDefault();
			reject(new Error(`The file could not be hashed: ${event.message}`));
		};
	});
	// Handled by digest(); a hasher closed without one drops it.
	answer.catch(() => {});
	let ended = false;
	return {
		update(bytes) {
			if (ended) throw new Error('The file hasher has ended');
			// A copy of exactly these bytes, moved to the worker (not the whole buffer behind them).
			const copy = bytes.slice();
			worker.postMessage(copy, [copy.buffer]);
		},
		async digest() {
			if (ended) throw new Error('The file hasher has ended');
			ended = true;
			worker.postMessage(null);
			try {
				return await answer;
			} finally {
				worker.terminate();
			}
		},
		close() {
			ended = true;
			worker.terminate();
		}
	};
}
