import { hex } from '@scure/base';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeEvidence } from '$lib/testing/factories';
import { attachmentsOf, createEvidence } from './evidence';
import { CHUNK_SIZE, readFile, storeChunks } from './files';
import { db } from './koers-db';
import { interruptedUploads, sweepStorage, Upload, uploadsInProgress } from './uploads';

const fields = () => {
	const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = makeEvidence();
	return rest;
};

/** A file of `size` bytes whose content is a repeating pattern, distinct per seed. */
function makeFile(name: string, size: number, seed = 1): File {
	const bytes = new Uint8Array(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) % 251;
	return new File([bytes], name, { type: 'video/mp4' });
}

/** What a tab that was closed mid-save leaves behind: leased chunks, a row, no lock. */
async function cutOffSave(file: File): Promise<string[]> {
	const id = 'closed-tab';
	const record = await storeChunks(id, file);
	const stamp = '2026-12-01T10:00:00.000Z';
	await db.uploads.put({
		id,
		kind: 'save',
		label: { what: 'files', name: file.name },
		bytes: file.size,
		startedAt: stamp,
		touchedAt: stamp
	});
	return record.chunks;
}

async function sha256(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return hex.encode(new Uint8Array(digest));
}

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('uploads and the sweep', () => {
	it('keeps chunks a new save reuses while the start-up sweep runs beside it', async () => {
		const file = makeFile('vlog.mp4', CHUNK_SIZE * 3 + 10, 5);
		const left = await cutOffSave(file);
		expect(await db.chunks.count()).toBe(4);

		// The sweep starts as soon as the save has reused its first chunk.
		let sweeping: Promise<number> | undefined;
		const evidence = await createEvidence(fields(), {
			files: [file],
			onProgress: () => {
				sweeping ??= sweepStorage();
			}
		});
		await sweeping;

		const [attachment] = await attachmentsOf(evidence.id);
		const stored = await db.files.get(attachment!.sha256);
		expect(stored?.chunks).toEqual(left);
		expect(await db.chunks.bulkGet(left)).not.toContain(undefined);
		expect(await sha256(await readFile(attachment!.sha256))).toBe(await sha256(file));
		expect(await db.chunkLeases.count()).toBe(0);
		expect(await db.uploads.count()).toBe(0);
	});

	it('ends a cut-off save at the next start: its chunks go and the learner is told', async () => {
		const file = makeFile('talk.mp4', CHUNK_SIZE + 5, 2);
		await cutOffSave(file);
		expect(await interruptedUploads()).toEqual([]);

		expect(await sweepStorage()).toBe(2);
		expect(await db.chunks.count()).toBe(0);
		expect(await db.chunkLeases.count()).toBe(0);
		expect(await interruptedUploads()).toEqual([
			expect.objectContaining({ label: { what: 'files', name: 'talk.mp4' }, bytes: file.size })
		]);
	});

	it('leaves a save that is still under way alone, and cleans up when it fails', async () => {
		const upload = await Upload.begin({ what: 'files', name: 'a.mp4' }, 100);
		expect(uploadsInProgress()).toBe(1);
		await upload.store(makeFile('a.mp4', 100, 3));

		expect(await sweepStorage()).toBe(0);
		expect(await db.chunks.count()).toBe(1);
		expect(await interruptedUploads()).toEqual([]);

		await upload.close();
		expect(uploadsInProgress()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
		expect(await db.uploads.count()).toBe(0);
	});

	it('a failed save never removes a chunk another save holds', async () => {
		const file = makeFile('same.mp4', 200, 9);
		const failing = await Upload.begin({ what: 'files', name: 'same.mp4' }, 200);
		await failing.store(file);
		let closing: Promise<void> | undefined;
		const evidence = await createEvidence(fields(), {
			files: [file],
			onProgress: () => {
				closing ??= failing.close();
			}
		});
		await closing;
		expect(await db.uploads.count()).toBe(0);
		const [attachment] = await attachmentsOf(evidence.id);
		expect(await sha256(await readFile(attachment!.sha256))).toBe(await sha256(file));
	});

	it('keeps what a media fetch stored for resuming, until it was left for a month', async () => {
		const fetch = await Upload.fetch('f'.repeat(64), { what: 'fetch', name: 'x' }, 100);
		await fetch.store(makeFile('part', 100, 4));
		await fetch.close();
		expect(await sweepStorage()).toBe(0);
		expect(await db.chunks.count()).toBe(1);
		expect(await interruptedUploads()).toEqual([]);

		expect(await sweepStorage(Date.now() + 31 * 24 * 3600 * 1000)).toBe(1);
		expect(await db.chunks.count()).toBe(0);
	});

	it('removes chunks no file uses and no upload holds (left by an older version)', async () => {
		const record = await storeChunks('gone', makeFile('old.bin', 50, 1));
		await db.chunkLeases.clear();
		await db.files.add(await storeChunks('kept', makeFile('kept.bin', 60, 2)));
		await db.chunkLeases.clear();
		expect(await sweepStorage()).toBe(1);
		expect(await db.chunks.get(record.chunks[0]!)).toBeUndefined();
		expect(await db.chunks.count()).toBe(1);
	});
});
