import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { countRecords, createGoal, open, openOriginWithoutApp } from './helpers';

/*
 * Faults of the browser and of other tabs (issue 19, faults 2 and 5): data the browser evicted is
 * noticed and the last backup named; a newer Koers in another tab never leaves this one broken
 * in silence. Records lost: 0.
 */

const EVICTED = 'Your Koers data is gone from this browser';

/** The marker outside IndexedDB, as the page sees it (counts and dates only). */
function presence(page: Page): Promise<{ records: number; lastExportAt: string | null } | null> {
	return page.evaluate(() => JSON.parse(localStorage.getItem('koers.presence') ?? 'null'));
}

/** Removes IndexedDB and the origin-private files of Koers, as the browser does when it evicts. */
async function evict(context: BrowserContext, origin: string): Promise<void> {
	for (const page of context.pages()) await page.close();
	const blank = await context.newPage();
	const cdp = await context.newCDPSession(blank);
	await cdp.send('Storage.clearDataForOrigin', {
		origin,
		storageTypes: 'indexeddb,file_systems'
	});
	await blank.close();
}

test('data the browser evicted is noticed at the next start, with the last backup to restore', async ({
	context,
	page,
	baseURL
}) => {
	await createGoal(page, { title: 'Lead a team meeting' });
	await open(page, '/data');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export backup' }).click();
	await download;
	await expect.poll(() => presence(page)).toMatchObject({ records: 1 });
	await expect.poll(async () => (await presence(page))?.lastExportAt).toBeTruthy();

	// Positive control: with the data in place, the goal is listed and nothing is said.
	await open(page, '/goals');
	await expect(page.getByRole('link', { name: 'Lead a team meeting' })).toBeVisible();
	await expect(page.getByRole('heading', { name: EVICTED })).toHaveCount(0);

	await evict(context, new URL(baseURL!).origin);

	const after = await context.newPage();
	await open(after, '/');
	const notice = after
		.getByRole('alert')
		.filter({ has: after.getByRole('heading', { name: EVICTED }) });
	await expect(notice).toBeVisible();
	await expect(notice).toContainText('this browser held 1 record in Koers; now it holds none');
	await expect(notice).toContainText(/Your last backup is from \d/);
	expect(await countRecords(after, 'goals')).toBe(0);

	// It stays until read, and points at where a backup is restored.
	await after.reload();
	await expect(notice).toBeVisible();
	await notice.getByRole('link', { name: 'Restore a backup in Settings → Your data' }).click();
	await expect(after.getByRole('heading', { level: 1, name: 'Your data' })).toBeVisible();
	await expect(after.getByLabel('Backup file (.zip)')).toBeVisible();

	await notice.getByRole('button', { name: 'Dismiss' }).click();
	await expect(notice).toHaveCount(0);
	await expect.poll(() => presence(after)).toBeNull();
	await open(after, '/');
	await expect(after.getByRole('link', { name: 'Set your first goal' })).toBeVisible();
	await expect(after.getByRole('heading', { name: EVICTED })).toHaveCount(0);
});

test('"Delete everything" is a wipe the learner asked for, never reported as an eviction', async ({
	page
}) => {
	await createGoal(page, { title: 'Give clear feedback' });
	// Positive control: the marker that would report an eviction is there before the wipe.
	await expect.poll(() => presence(page)).toMatchObject({ records: 1 });

	await open(page, '/data');
	await page.getByLabel('Type DELETE to confirm').fill('DELETE');
	await page.getByRole('button', { name: 'Delete everything' }).click();
	await expect(page.getByRole('link', { name: 'Set your first goal' })).toBeVisible();
	expect(await presence(page)).toBeNull();
	await page.reload();
	await expect(page.getByRole('link', { name: 'Set your first goal' })).toBeVisible();
	await expect(page.getByRole('heading', { name: EVICTED })).toHaveCount(0);
});

test('a schema upgrade in another tab asks this tab to reload, and the typed input survives', async ({
	context,
	page
}) => {
	const banner = page.getByRole('alert').filter({ hasText: 'Koers was updated in another tab' });
	await open(page, '/goals/new');
	await page.getByLabel('Title', { exact: true }).fill('Mentor a new colleague');
	// Positive control: the form works and nothing is announced before the upgrade.
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Mentor a new colleague');
	await expect(banner).toHaveCount(0);

	// A newer Koers in tab B: one schema version up (Dexie stores version × 10).
	const tabB = await context.newPage();
	await openOriginWithoutApp(tabB);
	const upgraded = await tabB.evaluate(async () => {
		const current = (await indexedDB.databases()).find((d) => d.name === 'koers')!.version!;
		return new Promise<{ from: number; to: number }>((resolve, reject) => {
			const request = indexedDB.open('koers', current + 10);
			request.onblocked = () => reject(new Error('blocked: the older tab kept its connection'));
			request.onerror = () => reject(request.error);
			request.onsuccess = () => {
				request.result.close();
				resolve({ from: current, to: request.result.version });
			};
		});
	});
	expect(upgraded.to).toBe(upgraded.from + 10);

	await expect(banner).toBeVisible();
	await expect(banner).toContainText('what you typed in a form is kept as a draft');
	await banner.getByRole('button', { name: 'Reload' }).click();
	await expect(page.getByText('Your unsaved input was restored.')).toBeVisible();
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Mentor a new colleague');
	await expect(banner).toHaveCount(0);
});

test('"Delete everything" in another tab closes this tab\'s database and says so', async ({
	context,
	page
}) => {
	const banner = page.getByRole('alert').filter({ hasText: 'deleted in another tab' });
	await createGoal(page, { title: 'Plan the internship' });
	await expect(banner).toHaveCount(0);

	const tabB = await context.newPage();
	await open(tabB, '/data');
	await tabB.getByLabel('Type DELETE to confirm').fill('DELETE');
	await tabB.getByRole('button', { name: 'Delete everything' }).click();
	// Tab A let go of the database, so the wipe went through.
	await expect(tabB.getByRole('link', { name: 'Set your first goal' })).toBeVisible();
	await expect(banner).toBeVisible();
});
