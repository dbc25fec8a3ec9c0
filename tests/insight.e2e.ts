import { expect, test } from '@playwright/test';
import ICAL from 'ical.js';
import { createGoal, open } from './helpers';

/** yyyy-mm-dd, `days` from today in the browser's (and this machine's) time zone. */
function inDays(days: number): string {
	const d = new Date();
	d.setDate(d.getDate() + days);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test('search finds a reflection by a word in its body, as you type', async ({ page }) => {
	await createGoal(page, { title: 'Feedback geven', status: 'active' });
	await page.getByRole('link', { name: 'Reflect' }).first().click();
	await page
		.getByRole('textbox', { name: 'Reflection' })
		.fill('Mijn collega’s waardeerden dat ik eerst vroeg wat zij nodig hadden.');
	await page.getByRole('button', { name: 'Save reflection' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

	await page.getByRole('link', { name: 'Search' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search');
	const input = page.getByRole('searchbox', { name: 'Search your portfolio' });
	await input.pressSequentially('waardeer');
	await expect(page.getByTestId('search-count')).toHaveText('1 result');
	const hit = page.getByRole('listitem').filter({ hasText: 'Reflection' });
	await expect(hit.locator('mark')).toHaveText('waardeer');
	await hit.getByRole('link', { name: 'Feedback geven' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit reflection');
	await expect(page.getByRole('textbox', { name: 'Reflection' })).toHaveValue(/waardeerden/);

	await page.getByRole('link', { name: 'Search' }).click();
	await page.getByRole('searchbox').fill('olifant');
	await expect(page.getByTestId('search-count')).toContainText('Nothing found');
});

test('the dashboard changes with the portfolio; deadlines go to the calendar as .ics', async ({
	page
}) => {
	const target = inDays(5);
	await createGoal(page, { title: 'Presenteren', status: 'active', targetDate: target });
	await open(page, '/overview');
	const status = page.getByTestId('goals-by-status');
	await expect(status.getByRole('link', { name: 'Active: 1' })).toBeVisible();
	await expect(status.getByRole('link', { name: 'Planned: 0' })).toBeVisible();
	await expect(page.getByTestId('nudges')).toContainText('Presenteren: target date in 5 days');
	await expect(page.getByRole('img', { name: 'Goals by status' }).locator('canvas')).toBeVisible();

	await createGoal(page, { title: 'Plannen', status: 'planned' });
	await open(page, '/overview');
	await expect(status.getByRole('link', { name: 'Planned: 1' })).toBeVisible();
	await status.getByRole('link', { name: 'Planned: 1' }).click();
	await expect(page).toHaveURL(/\/goals\?status=planned/);
	await expect(page.getByRole('link', { name: 'Plannen' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Presenteren' })).toHaveCount(0);

	await open(page, '/overview');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Deadlines to calendar (.ics)' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('koers-deadlines.ics');
	const chunks: Buffer[] = [];
	for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
	const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString('utf8')));
	const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
	expect(events.map((e) => [e.summary, e.startDate.toString()])).toEqual([
		['Target date: Presenteren', target]
	]);
});

test('the learner profile suggests evidence formats and sets the reflection rhythm', async ({
	page
}) => {
	await open(page, '/settings');
	const profile = page.getByRole('region', { name: 'Learning profile' });
	await profile.getByLabel('Vlog').check();
	await profile.getByLabel('Reflection rhythm').selectOption('weekly');
	await profile.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

	await open(page, '/evidence/new');
	const suggested = page.getByRole('group', { name: 'Suggested for you' });
	await suggested.getByRole('button', { name: 'Vlog' }).click();
	await expect(page.getByLabel('Format')).toHaveValue('vlog');

	// A goal saved more than a week ago and no reflection since: Home reminds to reflect.
	await createGoal(page, { title: 'Oud doel', status: 'active' });
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const request = indexedDB.open('koers');
				request.onsuccess = () => {
					const tx = request.result.transaction('goals', 'readwrite');
					const store = tx.objectStore('goals');
					store.getAll().onsuccess = (e) => {
						for (const goal of (e.target as IDBRequest).result)
							store.put({ ...goal, createdAt: '2026-01-01T00:00:00.000Z' });
					};
					tx.oncomplete = () => {
						request.result.close();
						resolve();
					};
				};
			})
	);
	await open(page);
	await expect(page.getByTestId('nudges')).toContainText(
		'Time to reflect: write your first reflection on a goal'
	);
});
