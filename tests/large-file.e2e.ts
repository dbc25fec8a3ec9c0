import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countRecords, createGoal, generatedFile, opfsChunkCount, storedFile } from './helpers';

const SIZE = 100 * 1024 * 1024;
let dir: string;
let file: string;
let sha256: string;

test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'koers-large-'));
	({ path: file, sha256 } = generatedFile(dir, 'lecture-recording.bin', SIZE, 2654435761));
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a 100 MB file is stored with progress and reads back byte for byte', async ({ page }) => {
	const workers: string[] = [];
	page.on('worker', (worker) => workers.push(worker.url()));
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

	const stored = await storedFile(page, 'attachments');
	expect(stored).toEqual({ claimed: sha256, actual: sha256, size: SIZE });
	// Hashed off the page's main thread (src/lib/media/file-hash.ts).
	expect(workers.some((url) => url.includes('file-hash.worker'))).toBe(true);
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
	expect(await opfsChunkCount(page)).toBe(0);
	expect(await countRecords(page, 'files')).toBe(0);
});

test('a 500 MB recording is stored, played and sought while the page heap stays small', async ({
	page
}) => {
	test.setTimeout(240_000);
	// A 500 MB WAV (48 kHz, 16-bit mono: about 91 minutes of a quiet tone) made on disk.
	const size = 500 * 1024 * 1024;
	const path = join(dir, 'long-talk.wav');
	const pcm = size - 44;
	const bytes = Buffer.alloc(size);
	bytes.write('RIFF', 0);
	bytes.writeUInt32LE(size - 8, 4);
	bytes.write('WAVEfmt ', 8);
	bytes.writeUInt32LE(16, 16);
	bytes.writeUInt16LE(1, 20); // PCM
	bytes.writeUInt16LE(1, 22); // mono
	bytes.writeUInt32LE(48_000, 24);
	bytes.writeUInt32LE(96_000, 28);
	bytes.writeUInt16LE(2, 32);
	bytes.writeUInt16LE(16, 34);
	bytes.write('data', 36);
	bytes.writeUInt32LE(pcm, 40);
	// A 1 kHz tone: one period is 48 samples, repeated by a native fill, with a counter every 4 kB
	// so that no two chunks are alike (stored chunks are shared by hash). A loop over all 262
	// million samples blocked the test worker for 106 s of the test's time on a busy machine.
	const period = Buffer.alloc(96);
	for (let i = 0; i < 48; i++)
		period.writeInt16LE(Math.round(800 * Math.sin((2 * Math.PI * i) / 48)), i * 2);
	bytes.fill(period, 44);
	for (let i = 44, n = 0; i + 4 <= size; i += 4096, n++) bytes.writeUInt32LE(n, i);
	writeFileSync(path, bytes);

	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	const heap = async () =>
		(await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!
			.value;
	// One sample at a time, a quarter second apart: a timer that fired regardless queued CDP calls
	// faster than a busy renderer answered them, and the page stopped answering clicks.
	let peak = 0;
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			peak = Math.max(peak, await heap().catch(() => 0));
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	})();

	await createGoal(page, { title: 'Long talk' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Recording of the long talk');
	await page.getByLabel('Add files').setInputFiles(path);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recording of the long talk', {
		timeout: 180_000
	});
	const audio = page.locator('main figure audio');
	await expect(audio).toBeVisible();
	const duration = await audio.evaluate(async (a: HTMLAudioElement) => {
		if (a.readyState < 1)
			await new Promise((r) => a.addEventListener('loadedmetadata', r, { once: true }));
		return a.duration;
	});
	expect(duration).toBeCloseTo(pcm / 96_000, 0);
	// Seek far in and play: only the bytes around the new position are read.
	await audio.evaluate(async (a: HTMLAudioElement) => {
		a.muted = true;
		a.currentTime = 4_000;
		await new Promise((r) => a.addEventListener('seeked', r, { once: true }));
		await a.play();
	});
	await expect
		.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime))
		.toBeGreaterThan(4_000.2);
	sampling = false;
	await sampler;
	peak = Math.max(peak, await heap());
	console.log(`500 MB file: peak JS heap ${(peak / 1024 / 1024).toFixed(1)} MiB`);
	expect(peak).toBeLessThan(120 * 1024 * 1024);
	expect(await countRecords(page, 'chunks')).toBe(125);
	// Chromium keeps the bytes as files in the origin-private file system, written by a worker.
	expect(await opfsChunkCount(page)).toBe(125);
});

test('when the device is full, the learner is told so and nothing half-stored is left', async ({
	page
}) => {
	await createGoal(page, { title: 'A long vlog' });
	// Chromium's own quota enforcement, set low for this origin: the real "disk full" path.
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Storage.overrideQuotaForOrigin', {
		origin: new URL(page.url()).origin,
		quotaSize: 40 * 1024 * 1024
	});
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Too large for this device');
	await page.getByLabel('Add files').setInputFiles(file);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'This device has no room left for these files. Nothing was saved; free some space and try again.',
		{ timeout: 30_000 }
	);
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Too large for this device');
	expect(await countRecords(page, 'evidence')).toBe(0);
	expect(await countRecords(page, 'chunks')).toBe(0);
	expect(await opfsChunkCount(page)).toBe(0);
});
