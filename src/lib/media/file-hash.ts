/**
 * The SHA-256 of a whole file, fed its bytes in order as they pass by (a file being stored, a
 * file arriving from a peer, a backup's file being checked). A large file is hashed in a worker
 * (file-hash.worker.ts): hashing 200 MB in WebAssembly took the page's main thread about 2.5 s
 * (a CPU profile of the coach during the media bench), time the page needs for the transfer
 * itself and for staying responsive. A small file is hashed here: starting a worker would cost
 * more than the hash. So is every file where the worker cannot start.
 */

export interface FileHasher {
	/**
	 * Adds the next bytes; they are copied at once, so the caller may hand its buffer on. Resolves
	 * when the hasher takes more: at most MAX_PENDING_BYTES wait in the worker, however fast the
	 * caller reads.
	 */
	update(bytes: Uint8Array): Promise<void>;
	/** The SHA-256 (hex) of every byte added. The hasher is done after it. */
	digest(): Promise<string>;
	/** Ends the hasher without a digest (a read that failed or was cancelled). */
	close(): void;
}

/** Files of this size and larger are hashed in a worker. */
export const WORKER_FROM_BYTES = 8 * 1024 * 1024;
/** Bytes copied to the worker and not yet hashed, at most (beyond the part being added). */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;

/** What file-hash.worker.ts says: it started, it hashed this many bytes, the digest, or a failure. */
export type FileHashMessage =
	{ ready: true } | { hashed: number } | { sha256: string } | { error: string };

/** A hasher for a file of `size` bytes: in a worker for a large file where one starts. */
export async function createFileHasher(size: number): Promise<FileHasher> {
	if (size >= WORKER_FROM_BYTES && typeof Worker !== 'undefined') {
		const hasher = await workerHasher();
		if (hasher) return hasher;
	}
	return localHasher();
}

async function localHasher(): Promise<FileHasher> {
	const { createSHA256 } = await import('hash-wasm');
	const hasher = await createSHA256();
	return {
		update: async (bytes) => void hasher.update(bytes),
		digest: async () => hasher.digest('hex'),
		close: () => {}
	};
}

/** A hasher in a worker, once it said it is ready; undefined if it could not start. */
async function workerHasher(): Promise<FileHasher | undefined> {
	let worker: Worker;
	try {
		worker = new Worker(new URL('./file-hash.worker.ts', import.meta.url), { type: 'module' });
	} catch {
		return undefined;
	}
	let started: (ready: boolean) => void = () => {};
	const ready = new Promise<boolean>((resolve) => (started = resolve));
	let answered: (sha256: string) => void = () => {};
	let failed: (error: Error) => void = () => {};
	const answer = new Promise<string>((resolve, reject) => {
		answered = resolve;
		failed = reject;
	});
	// Handled by digest(); a hasher closed without one drops it.
	answer.catch(() => {});
	let failure: Error | undefined;
	let pending = 0;
	let ended = false;
	/** Updates waiting for the worker to catch up. */
	let waiting: (() => void)[] = [];
	const release = () => {
		const resumed = waiting;
		waiting = [];
		for (const resume of resumed) resume();
	};
	const fail = (error: Error) => {
		failure ??= error;
		started(false);
		failed(failure);
		release();
	};
	worker.onmessage = ({ data }: MessageEvent<FileHashMessage>) => {
		if ('ready' in data) started(true);
		else if ('hashed' in data) {
			pending -= data.hashed;
			if (pending <= MAX_PENDING_BYTES) release();
		} else if ('sha256' in data) answered(data.sha256);
		else fail(new Error(`The file could not be hashed: ${data.error}`));
	};
	worker.onerror = (event) => {
		event.preventDefault();
		fail(new Error(`The file could not be hashed: ${event.message || 'its worker failed'}`));
	};
	if (!(await ready)) {
		worker.terminate();
		return undefined;
	}
	const end = () => {
		ended = true;
		worker.terminate();
		release();
	};
	return {
		async update(bytes) {
			if (ended) throw new Error('The file hasher has ended');
			if (failure) throw failure;
			// A copy of exactly these bytes, moved to the worker (not the whole buffer behind them).
			const copy = bytes.slice();
			pending += copy.byteLength;
			worker.postMessage(copy, [copy.buffer]);
			while (pending > MAX_PENDING_BYTES && !failure && !ended)
				await new Promise<void>((resume) => waiting.push(resume));
			if (failure) throw failure;
		},
		async digest() {
			if (ended) throw new Error('The file hasher has ended');
			worker.postMessage(null);
			try {
				return await answer;
			} finally {
				end();
			}
		},
		close: end
	};
}
