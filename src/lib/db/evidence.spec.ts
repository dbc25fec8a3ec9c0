import { hex } from '@scure/base';
import { beforeEach, describe, expect, it } from 'vitest';
import {
	attachmentsOf,
	createEvidence,
	deleteEvidence,
	getEvidence,
	listEvidence,
	updateEvidence
} from './evidence';
import { CHUNK_SIZE, readFile } from './files';
import { db } from './koers-db';
import { createReflection, listReflections } from './reflections';
import { makeEvidence } from '$lib/testing/factories';

const fields = (overrides = {}) => {
	const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = makeEvidence(overrides);
	return rest;
};

/** A file of `size` bytes whose content is a repeating pattern, distinct per seed. */
function makeFile(name: string, size: number, seed = 1, type = 'application/octet-stream'): File {
	const bytes = new Uint8Array(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) % 251;
	return new File([bytes], name, { type });
}

async function sha256(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return hex.encode(new Uint8Array(digest));
}

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('evidence with files', () => {
	it('stores a multi-chunk file content-addressed and reads back identical bytes', async () => {
		const file = makeFile('talk.mp4', CHUNK_SIZE * 2 + 123, 7, 'video/mp4');
		const progress: number[] = [];
		const evidence = await createEvidence(fields({ format: 'vlog' }), {
			files: [file],
			onProgress: (p) => progress.push(p.done)
		});
		const [attachment] = await attachmentsOf(evidence.id);
		expect(attachment).toMatchObject({ name: 'talk.mp4', type: 'video/mp4', size: file.size });
		expect(attachment?.sha256).toBe(await sha256(file));
		expect(await db.chunks.count()).toBe(3);
		const read = await readFile(attachment!.sha256);
		expect(read.type).toBe('video/mp4');
		expect(await sha256(read)).toBe(attachment?.sha256);
		expect(progress.at(-1)).toBe(file.size);
		expect(progress).toHaveLength(3);
	});

	it('keeps one copy of equal files and frees it only when the last user goes', async () => {
		const a = await createEvidence(fields(), { files: [makeFile('cert.pdf', 1000, 3)] });
		const b = await createEvidence(fields(), { files: [makeFile('copy.pdf', 1000, 3)] });
		expect(await db.files.count()).toBe(1);
		expect(await db.chunks.count()).toBe(1);
		await deleteEvidence(a.id);
		expect(await db.files.count()).toBe(1);
		await deleteEvidence(b.id);
		expect(await db.files.count()).toBe(0);
		expect(await db.chunks.count()).toBe(0);
		expect(await db.attachments.count()).toBe(0);
	});

	it('leaves nothing behind when saving is cancelled midway', async () => {
		const controller = new AbortController();
		const file = makeFile('big.mov', CHUNK_SIZE * 3, 9);
		const saving = createEvidence(fields({ title: 'Cancelled' }), {
			files: [file],
			signal: controller.signal,
			onProgress: (p) => {
				if (p.done >= CHUNK_SIZE) controller.abort();
			}
		});
		await expect(saving).rejects.toThrow();
		expect(await listEvidence()).toEqual([]);
		expect(await db.chunks.count()).toBe(0);
		expect(await db.files.count()).toBe(0);
	});

	it('adds and removes attachments on edit', async () => {
		const evidence = await createEvidence(fields(), { files: [makeFile('one.txt', 10, 1)] });
		const [first] = await attachmentsOf(evidence.id);
		await updateEvidence(evidence.id, fields({ title: 'Renamed' }), {
			files: [makeFile('two.txt', 20, 2)],
			removeAttachmentIds: [first!.id]
		});
		const after = await attachmentsOf(evidence.id);
		expect(after.map((a) => a.name)).toEqual(['two.txt']);
		expect((await getEvidence(evidence.id))?.title).toBe('Renamed');
		expect(await db.files.count()).toBe(1);
	});

	it('deletes the reflections on deleted evidence', async () => {
		const evidence = await createEvidence(fields());
		await createReflection({
			subjectKind: 'evidence',
			subjectId: evidence.id,
			date: '2026-01-01',
			template: 'free',
			steps: { text: 'x' }
		});
		await deleteEvidence(evidence.id);
		expect(await listReflections()).toEqual([]);
	});
});
