import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileHasher, MAX_PENDING_BYTES, WORKER_FROM_BYTES } from './file-hash';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const MIB = 1024 * 1024;

/**
 * A Worker that runs file-hash.worker.ts in this process (Node has no Web Workers): messages
 * reach it one task later, as between threads. `gate` holds them back until `open()`; `fails`
 * makes the worker fail to start.
 */
class InProcessWorker {
	static made: InProcessWorker[] = [];
	static gate = false;
	static fails = false;
	onmessage: ((event: { data: unknown }) => void) | null = null;
	onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
	terminated = false;
	held: unknown[] = [];
	#scope: { onmessage: ((event: { data: unknown }) => void) | null; postMessage(m: unknown): void };
	#loaded: Promise<void>;

	constructor() {
		InProcessWorker.made.push(this);
		this.#scope = {
			onmessage: null,
			postMessage: (message) =>
				setTimeout(() => !this.terminated && this.onmessage?.({ data: message }))
		};
		if (InProcessWorker.fails) {
			this.#loaded = new Promise(() => {});
			setTimeout(() => this.onerror?.({ message: 'no script', preventDefault() {} }));
			return;
		}
		vi.resetModules();
		vi.stubGlobal('self', this.#scope);
		this.#loaded = import('./file-hash.worker').then(() => {});
	}

	postMessage(data: unknown) {
		if (InProcessWorker.gate) this.held.push(data);
		else this.#deliver(data);
	}

	open() {
		InProcessWorker.gate = false;
		for (const data of this.held.splice(0)) this.#deliver(data);
	}

	#deliver(data: unknown) {
		void this.#loaded.then(() =>
			setTimeout(() => !this.terminated && this.#scope.onmessage?.({ data }))
		);
	}

	terminate() {
		this.terminated = true;
	}
}

const file = (size: number) => new Uint8Array(size).map((_, i) => (i * 7919) % 251);

describe('createFileHasher', () => {
	afterEach(() => {
		vi.unstubAllGlobals();
		InProcessWorker.made = [];
		InProcessWorker.gate = false;
		InProcessWorker.fails = false;
	});

	it('hashes bytes fed in parts as the whole file, also a view into a larger buffer', async () => {
		const bytes = file(3 * 65_536 + 7);
		const hasher = await createFileHasher(bytes.byteLength);
		await hasher.update(bytes.subarray(0, 1000));
		await hasher.update(bytes.subarray(1000, 70_000));
		await hasher.update(bytes.subarray(70_000));
		expect(await hasher.digest()).toBe(sha256(bytes));
	});

	it('gives the SHA-256 of nothing for an empty file', async () => {
		const hasher = await createFileHasher(0);
		expect(await hasher.digest()).toBe(sha256(new Uint8Array()));
	});

	it('hashes a large file in its worker, in order, and ends the worker', async () => {
		vi.stubGlobal('Worker', InProcessWorker);
		const bytes = file(WORKER_FROM_BYTES + 5);
		const hasher = await createFileHasher(bytes.byteLength);
		expect(InProcessWorker.made).toHaveLength(1);
		for (let at = 0; at < bytes.byteLength; at += 1_000_003)
			await hasher.update(bytes.subarray(at, at + 1_000_003));
		expect(await hasher.digest()).toBe(sha256(bytes));
		expect(InProcessWorker.made[0]!.terminated).toBe(true);
		// A small file is hashed here: no second worker.
		await (await createFileHasher(1000)).digest();
		expect(InProcessWorker.made).toHaveLength(1);
	});

	it('waits while more than MAX_PENDING_BYTES wait in the worker', async () => {
		vi.stubGlobal('Worker', InProcessWorker);
		const part = file(8 * MIB);
		const hasher = await createFileHasher(3 * part.byteLength);
		InProcessWorker.gate = true;
		// Positive control: up to the limit, updates resolve while the worker has hashed nothing.
		await hasher.update(part);
		await hasher.update(part);
		expect(2 * part.byteLength).toBe(MAX_PENDING_BYTES);
		let third = false;
		const updating = hasher.update(part).then(() => (third = true));
		await new Promise((resolve) => setTimeout(resolve));
		expect(InProcessWorker.made[0]!.held).toHaveLength(3);
		expect(third).toBe(false);
		InProcessWorker.made[0]!.open();
		await updating;
		expect(await hasher.digest()).toBe(
			createHash('sha256').update(part).update(part).update(part).digest('hex')
		);
	});

	it('hashes here when the worker cannot start', async () => {
		vi.stubGlobal('Worker', InProcessWorker);
		InProcessWorker.fails = true;
		const bytes = file(WORKER_FROM_BYTES);
		const hasher = await createFileHasher(bytes.byteLength);
		expect(InProcessWorker.made[0]!.terminated).toBe(true);
		await hasher.update(bytes);
		expect(await hasher.digest()).toBe(sha256(bytes));
	});

	it('hashes a large file here where there are no workers', async () => {
		expect(typeof Worker).toBe('undefined');
		const bytes = new Uint8Array(WORKER_FROM_BYTES).fill(42);
		const hasher = await createFileHasher(bytes.byteLength);
		await hasher.update(bytes);
		expect(await hasher.digest()).toBe(sha256(bytes));
	});
});
