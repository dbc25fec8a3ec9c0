import { beforeEach, describe, expect, it } from 'vitest';
import { storeChunks } from './files';
import { db } from './koers-db';

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('chunk addresses', () => {
	it('name a chunk by the lowercase hex of its SHA-256, as chunks stored before are named', async () => {
		// SHA-256("abc") from FIPS 180-2; its "01" byte checks the zero padding.
		const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
		const record = await storeChunks('pinned', new Blob(['abc'], { type: 'text/plain' }));
		expect(record.chunks).toEqual([abc]);
		expect(record.sha256).toBe(abc);
		expect(await db.chunks.get(abc)).toBeDefined();
	});
});
