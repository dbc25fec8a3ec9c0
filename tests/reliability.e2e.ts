import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countRecords, createGoal, generatedFile, opfsChunkCount, storedFile } from './helpers';

const SIZE = 60 * 1024 * 1024;
let dir: string;
let file: string;
let sha256: string;

test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'koers-reliability-'));
	({ path: file, sha256 } = generatedFile(dir, 'interview.mp4', SIZE, 2246822519));
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startSaving(page: Page, title: string): Promise<void> {
	await page.goto('/evidence/new');
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel('Add files').setInputFiles(file);
	await page.getByRole('button', { name: 'Save evidence' }).click();
}

test('a save cut off by closing Koers is named at the next start, and saving again keeps every byte', async ({
	context
}) => {
	test.setTimeout(120_000);
	const first = await context.newPage();
	await startSaving(first, 'Interview');
	// Part of the file is stored when the tab goes away.
	const progress = first.getByRole('progressbar', { name: 'Saving files' });
	await expect(progress).toHaveAttribute('value', /^([2-9]\d)$/);
	await first.close();

	// Saving the same file again right away: it reuses what the cut-off save stored, while the
	// start-up sweep runs beside it and clears what that save left.
	const second = await context.newPage();
	await startSaving(second, 'Interview, again');
	const notice = second.getByRole('alert').filter({ hasText: 'closed before a save finished' });
	await expect(notice).toContainText('Files: interview.mp4');
	await expect(notice).toContainText('63 MB');
	await expect(second.getByRole('heading', { level: 1 })).toHaveText('Interview, again', {
		timeout: 60_000
	});
	expect(await storedFile(second, 'attachments')).toEqual({
		claimed: sha256,
		actual: sha256,
		size: SIZE
	});
	await expect(second.getByText('could not be read')).toHaveCount(0);
	expect(await countRecords(second, 'uploads')).toBe(0);
	expect(await countRecords(second, 'chunkLeases')).toBe(0);
	expect(await countRecords(second, 'chunks')).toBe(15);
	expect(await opfsChunkCount(second)).toBe(15);

	// Once read, the notice is gone for good.
	await notice.getByRole('button', { name: 'Understood' }).click();
	await expect(notice).toHaveCount(0);
	await second.reload();
	await expect(second.getByRole('heading', { level: 1 })).toHaveText('Interview, again');
	await expect(second.getByText('closed before a save finished')).toHaveCount(0);
});

test('a cut-off save leaves no file bytes behind at the next start', async ({ context }) => {
	test.setTimeout(120_000);
	const first = await context.newPage();
	await startSaving(first, 'Interview');
	await expect(first.getByRole('progressbar', { name: 'Saving files' })).toHaveAttribute(
		'value',
		/^([2-9]\d)$/
	);
	expect(await opfsChunkCount(first)).toBeGreaterThan(0);
	await first.close();

	const second = await context.newPage();
	await second.goto('/');
	await expect(second.getByRole('alert')).toContainText('Files: interview.mp4');
	expect(await countRecords(second, 'chunks')).toBe(0);
	expect(await opfsChunkCount(second)).toBe(0);
	expect(await countRecords(second, 'evidence')).toBe(0);
});

test('closing the tab during a save asks first', async ({ page }) => {
	await startSaving(page, 'Interview');
	await expect(page.getByRole('progressbar', { name: 'Saving files' })).toBeVisible();
	const asked = page.waitForEvent('dialog');
	await page.close({ runBeforeUnload: true });
	const dialog = await asked;
	expect(dialog.type()).toBe('beforeunload');
	await dialog.dismiss();
	// The learner stayed: the save goes on and finishes.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interview', {
		timeout: 60_000
	});
	expect(await storedFile(page, 'attachments')).toMatchObject({ claimed: sha256, actual: sha256 });
});

test('two tabs editing one goal: both edits are kept, and the same field asks whose wins', async ({
	context
}) => {
	const a = await context.newPage();
	await createGoal(a, { title: 'Lead a team meeting' });
	const goalUrl = a.url();
	const b = await context.newPage();
	await b.goto(`${goalUrl}/edit`);
	await a.goto(`${goalUrl}/edit`);
	await expect(b.getByLabel('Title', { exact: true })).toHaveValue('Lead a team meeting');

	// Tab A renames the goal; tab B, opened before that, is told at once.
	const notice = b.getByRole('status').filter({ hasText: 'changed in another tab' });
	await expect(notice).toHaveCount(0);
	await a.getByLabel('Title', { exact: true }).fill('Chair the weekly team meeting');
	await a.getByRole('button', { name: 'Save' }).click();
	await expect(a.getByRole('heading', { level: 1 })).toHaveText('Chair the weekly team meeting');
	await expect(notice).toBeVisible();

	// Tab B saves the description it changed: A's newer title stays.
	await b.getByLabel('Description').fill('Prepare the agenda with the team.');
	await b.getByRole('button', { name: 'Save' }).click();
	await expect(b.getByRole('heading', { level: 1 })).toHaveText('Chair the weekly team meeting');
	await expect(b.getByText('Prepare the agenda with the team.')).toBeVisible();

	// Both change the title: the later save asks, and the learner's choice is what is kept.
	await a.goto(`${goalUrl}/edit`);
	await b.goto(`${goalUrl}/edit`);
	await expect(b.getByLabel('Title', { exact: true })).toHaveValue('Chair the weekly team meeting');
	await a.getByLabel('Title', { exact: true }).fill('Title from tab A');
	await a.getByRole('button', { name: 'Save' }).click();
	await expect(a.getByRole('heading', { level: 1 })).toHaveText('Title from tab A');
	await b.getByLabel('Title', { exact: true }).fill('Title from tab B');
	await b.getByRole('button', { name: 'Save' }).click();
	const dialog = b.getByRole('dialog', { name: 'Changed elsewhere while you were editing' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Back to the form' }).click();
	await expect(dialog).toBeHidden();
	await expect(b.getByLabel('Title', { exact: true })).toHaveValue('Title from tab B');
	await b.getByRole('button', { name: 'Save' }).click();
	await dialog.getByRole('button', { name: 'Keep mine' }).click();
	await expect(b.getByRole('heading', { level: 1 })).toHaveText('Title from tab B');
	await expect(a.getByRole('heading', { level: 1 })).toHaveText('Title from tab B');
	await expect(b.getByText('Prepare the agenda with the team.')).toBeVisible();
});

test('storage filling up during a restore: a clear message, no stray error, nothing half-stored', async ({
	page
}) => {
	test.setTimeout(120_000);
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await startSaving(page, 'Interview');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Interview', {
		timeout: 60_000
	});
	await page.goto('/data');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export backup' }).click();
	const zip = await (await download).path();
	await page.getByLabel('Type DELETE to confirm').fill('DELETE');
	await page.getByRole('button', { name: 'Delete everything' }).click();
	await expect(page.getByRole('link', { name: 'Set your first goal' })).toBeVisible();
	expect(await countRecords(page, 'chunks')).toBe(0);

	await page.goto('/data');
	await page.getByLabel('Backup file (.zip)').setInputFiles(zip);
	await expect(page.getByText('1 file to copy')).toBeVisible();
	await page.getByRole('button', { name: 'Import', exact: true }).click();
	// Part of the file is in when the device runs out of room (Chromium's own quota, lowered).
	await expect(page.getByRole('progressbar')).toHaveAttribute('value', /^([1-9]\d?)$/);
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Storage.overrideQuotaForOrigin', {
		origin: new URL(page.url()).origin,
		quotaSize: 1024 * 1024
	});
	await expect(page.getByRole('alert')).toContainText(
		"There is not enough room on this device for the backup's files. Nothing was imported.",
		{ timeout: 30_000 }
	);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
	expect(await countRecords(page, 'evidence')).toBe(0);
	expect(await countRecords(page, 'uploads')).toBe(0);
	expect(await countRecords(page, 'chunks')).toBe(0);
	expect(await opfsChunkCount(page)).toBe(0);
	expect(errors).toEqual([]);
});

/** Files of finished exports still in the origin-private file system. */
function exportCopies(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		const dir = await root.getDirectoryHandle('exports').catch(() => undefined);
		let count = 0;
		if (dir)
			for await (const _ of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) count++;
		return count;
	});
}

test('a backup leaves no hidden copy of the portfolio behind', async ({ page }) => {
	await page.clock.install();
	await createGoal(page, { title: 'Keep a learning journal' });
	await page.goto('/data');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export backup' }).click();
	await download;
	await expect(page.getByRole('status').filter({ hasText: 'Backup ready' })).toBeVisible();
	// Right after, the browser may still be copying it into the downloads.
	expect(await exportCopies(page)).toBe(1);
	// A second export meanwhile leaves the first one's file alone (each export holds its own).
	const second = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export backup' }).click();
	await second;
	expect(await exportCopies(page)).toBe(2);
	await page.clock.runFor(10 * 60 * 1000 + 1000);
	await expect.poll(() => exportCopies(page)).toBe(0);

	// A tab closed before then: the next start removes it.
	const again = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export backup' }).click();
	await again;
	expect(await exportCopies(page)).toBe(1);
	await page.reload();
	await expect(page.getByRole('button', { name: 'Export backup' })).toBeVisible();
	await page.clock.runFor(5000);
	await expect.poll(() => exportCopies(page)).toBe(0);
});
