import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFileHasher, WORKER_FROM_BYTES } from './file-hash';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('createFileHasher', () => {
	it('hashes bytes fed in parts as the whole file, also a view into a larger buffer', async () => {
		const file = new Uint8Array(3 * 65_536 + 7).map((_, i) => (i * 7919) % 251);
		const hasher = await createFileHasher(file.byteLength);
		hasher.update(file.subarray(0, 1000));
		hasher.update(file.subarray(1000, 70_000));
		hasher.update(file.subarray(70_000));
		expect(await hasher.digest()).toBe(sha256(file));
	});

	it('gives the SHA-256 of nothing for an empty file', async () => {
		const hasher = await createFileHasher(0);
		expect(await hasher.digest()).toBe(sha256(new Uint8Array()));
	});

	it('hashes a large file here where there are no workers', async () => {
		expect(typeof Worker).toBe('undefined');
		const file = new Uint8Array(WORKER_FROM_BYTES).fill(42);
		const hasher = await createFileHasher(file.byteLength);
		hasher.update(file);
		expect(await hasher.digest()).toBe(sha256(file));
	});
});
