/// <reference lib="webworker" />
/**
 * Hashes one file off the page's main thread (file-hash.ts): each message is the file's next
 * bytes, in order; `null` asks for the SHA-256 of them all.
 */
import { createSHA256 } from 'hash-wasm';
import type { FileHashAnswer } from './file-hash';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const answer = (message: FileHashAnswer) => ctx.postMessage(message);

/** Messages are handled one after another, in the order they came. */
let queue = createSHA256();
ctx.onmessage = ({ data }: MessageEvent<Uint8Array | null>) => {
	queue = queue.then((hasher) => {
		if (data) hasher.update(data);
		else answer({ sha256: hasher.digest('hex') });
		return hasher;
	});
	queue.catch((error: unknown) => answer({ error: String(error) }));
};
