import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countRecords, createGoal } from './helpers';

const SIZE = 100 * 1024 * 1024;
let dir: string;
let file: string;
let sha256: string;

test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'koers-large-'));
	file = join(dir, 'lecture-recording.bin');
	const bytes = Buffer.alloc(SIZE);
	for (let i = 0; i < SIZE; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
	writeFileSync(file, bytes);
	sha256 = createHash('sha256').update(bytes).digest('hex');
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a 100 MB file is stored with progress and reads back byte for byte', async ({ page }) => {
	await createGoal(page, { title: 'Record a lecture' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Lecture recording');
	await page.getByLabel('Add files').setInputFiles(file);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('progressbar', { name: 'Saving files' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lecture recording', {
		timeout: 60_000
	});
	await expect(page.getByText('lecture-recording.bin')).toBeVisible();
	await expect(page.getByText('105 MB')).toBeVisible();

	const stored = await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve) => {
			const request = indexedDB.open('koers');
			request.onsuccess = () => resolve(request.result);
		});
		const all = <T>(name: string) =>
			new Promise<T[]>((resolve) => {
				const request = db.transaction(name).objectStore(name).getAll();
				request.onsuccess = () => resolve(request.result as T[]);
			});
		const [attachment] = await all<{ sha256: string; size: number }>('attachments');
		const [record] = await all<{ chunks: string[] }>('files');
		const chunks = await all<{ sha256: string; data: Blob }>('chunks');
		const byHash = new Map(chunks.map((chunk) => [chunk.sha256, chunk.data]));
		const blob = new Blob(record!.chunks.map((hash) => byHash.get(hash)!));
		const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
		const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0'));
		return { claimed: attachment!.sha256, actual: hex.join(''), size: blob.size };
	});
	expect(stored).toEqual({ claimed: sha256, actual: sha256, size: SIZE });
});

test('cancelling a large save leaves nothing behind', async ({ page }) => {
	await createGoal(page, { title: 'Another lecture' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Cancelled recording');
	await page.getByLabel('Add files').setInputFiles(file);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await page.getByRole('button', { name: 'Cancel saving' }).click();
	await expect(page.getByRole('alert')).toHaveText('Saving was cancelled. Nothing was saved.');
	// The form is still filled in, ready to try again.
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Cancelled recording');
	expect(await countRecords(page, 'evidence')).toBe(0);
	expect(await countRecords(page, 'chunks')).toBe(0);
	expect(await countRecords(page, 'files')).toBe(0);
});
