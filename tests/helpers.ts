import { expect, type Page } from '@playwright/test';

/** Opens a page of the app and waits until it has rendered in the active language. */
export async function open(page: Page, path = '/'): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Counts the records in one table of the learner's database, read with raw IndexedDB. */
export async function countRecords(page: Page, table: string): Promise<number> {
	return page.evaluate(
		(name) =>
			new Promise<number>((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					if (!db.objectStoreNames.contains(name)) {
						db.close();
						resolve(0);
						return;
					}
					const count = db.transaction(name).objectStore(name).count();
					count.onsuccess = () => {
						resolve(count.result);
						db.close();
					};
					count.onerror = () => reject(count.error);
				};
			}),
		table
	);
}

export interface GoalInput {
	title: string;
	status?: 'planned' | 'active' | 'achieved' | 'dropped';
	targetDate?: string;
	source?: string;
	tags?: string;
	formats?: string[];
}

/** Creates a goal through the form, as a learner would, and waits for its page. */
export async function createGoal(page: Page, goal: GoalInput): Promise<void> {
	await open(page, '/goals/new');
	await page.getByLabel('Title', { exact: true }).fill(goal.title);
	if (goal.status) await page.getByLabel('Status').selectOption(goal.status);
	if (goal.targetDate) await page.getByLabel('Target date').fill(goal.targetDate);
	if (goal.source) await page.getByLabel('What: source').selectOption({ label: goal.source });
	if (goal.tags) await page.getByLabel('Tags').fill(goal.tags);
	for (const format of goal.formats ?? []) await page.getByLabel(format, { exact: true }).check();
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('heading', { level: 1, name: goal.title })).toBeVisible();
}

/** Waits until a service worker controls the page, so it works offline from here on. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
}

/** Collects every network request that leaves this machine (anything but loopback and blob:). */
export function trackOutsideRequests(page: Page): string[] {
	const outside: string[] = [];
	page.on('request', (request) => {
		const url = request.url();
		if (/^(https?|wss?):/.test(url) && !new URL(url).hostname.startsWith('127.')) outside.push(url);
	});
	return outside;
}
