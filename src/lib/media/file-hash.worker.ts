/// <reference lib="webworker" />
/**
 * Hashes one file off the page's main thread (file-hash.ts). It says it is ready once its hasher
 * is; then each message is the file's next bytes, in order, each answered with how many it hashed,
 * and `null` asks for the SHA-256 of them all. A failure is said once.
 */
import { createSHA256 } from 'hash-wasm';
import type { FileHashMessage } from './file-hash';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const say = (message: FileHashMessage) => ctx.postMessage(message);
let failed = false;
const fail = (error: unknown) => {
	if (failed) return;
	failed = true;
	say({ error: String(error) });
};

/** Messages are handled one after another, in the order they came. */
let queue = createSHA256();
queue.then(() => say({ ready: true }), fail);
ctx.onmessage = ({ data }: MessageEvent<Uint8Array | null>) => {
	if (failed) return;
	queue = queue.then((hasher) => {
		if (data) {
			hasher.update(data);
			say({ hashed: data.byteLength });
		} else say({ sha256: hasher.digest('hex') });
		return hasher;
	});
	queue.catch(fail);
};
