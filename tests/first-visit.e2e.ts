import { expect, test, type Page } from '@playwright/test';
import { createGoal, open, waitForServiceWorker } from './helpers';

/** Loads a page with the app's own scripts blocked: what the built HTML paints by itself. */
async function withoutAppScripts(page: Page, path: string): Promise<void> {
	await page.route('**/_app/immutable/**/*.js', (route) => route.abort());
	await page.goto(path);
}

test('the built HTML paints the start page before any of the app’s scripts run', async ({
	page
}) => {
	await withoutAppScripts(page, '/');
	const screen = page.locator('#first-screen');
	await expect(screen.getByText('Welcome to Koers')).toBeVisible();
	await expect(screen.getByText('Your learning')).toBeVisible();
	await expect(screen.getByText('Set your first goal')).toBeVisible();
	await expect(screen.locator('nav a[aria-current="page"]')).toHaveText('Home');
	// The app never started: this is the HTML alone.
	await expect(page.locator('main#main')).toHaveCount(0);
});

test('the first screen speaks the browser’s language and shows a share link opening', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'nl-NL' });
	const page = await context.newPage();
	await withoutAppScripts(page, '/');
	await expect(page.locator('#first-screen').getByText('Welkom bij Koers')).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await withoutAppScripts(page, '/open#k=snap&i=x');
	await expect(page.locator('#first-screen h1')).toHaveText('Openen…');
	await expect(page.locator('#first-screen').getByText('Welkom bij Koers')).toHaveCount(0);
	await context.close();
});

test('a stored language the app does not know falls back to the browser’s, and the app starts', async ({
	browser
}) => {
	const context = await browser.newContext({ locale: 'nl-NL' });
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.locator('#main')).toBeVisible();
	// A name every object has: once read as a language, it kept the app from starting.
	await page.evaluate(() => localStorage.setItem('koers.locale', 'constructor'));
	await page.reload();
	await expect(page.locator('#main')).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByRole('link', { name: 'Doelen' }).first()).toBeVisible();
	await context.close();
});

test('the app replaces the first screen, and a learner with goals gets no welcome', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await open(page);
	await expect(page.getByRole('heading', { name: 'Welcome to Koers' })).toBeVisible();
	await expect(page.locator('#first-screen')).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1, name: 'Your learning' })).toHaveCount(1);

	await createGoal(page, { title: 'A goal that is there', status: 'active' });
	await page.getByRole('link', { name: 'Home' }).click();
	await expect(page.getByRole('heading', { name: 'Active goals' })).toBeVisible();
	// The next start (its storage, without the service worker that would serve the scripts).
	const next = await browser.newContext({ storageState: await context.storageState() });
	const again = await next.newPage();
	await withoutAppScripts(again, '/');
	await expect(again.locator('#first-screen h1')).toHaveText('Your learning');
	await expect(again.locator('#first-screen').getByText('Welcome to Koers')).toHaveCount(0);
	await next.close();
	await context.close();
});

/** The names of this origin's IndexedDB databases. */
const databases = (page: Page) =>
	page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name));

test('a first visit’s start page runs without the database, which opens with the first save', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await open(page);
	await expect(page.getByRole('heading', { name: 'Welcome to Koers' })).toBeVisible();
	// The service worker registers once the page is idle, as the work that needs the database
	// would start then: by the time it controls the page, that work has looked and found none.
	await waitForServiceWorker(page);
	await expect(page.getByRole('link', { name: 'Set your first goal' })).toBeVisible();
	expect(await databases(page)).not.toContain('koers');

	await createGoal(page, { title: 'Saved on the first visit', status: 'active' });
	expect(await databases(page)).toContain('koers');
	// The next start shows the learner's things (the database exists now).
	await page.goto('/');
	await expect(
		page
			.getByRole('region', { name: 'Active goals' })
			.getByRole('link', { name: 'Saved on the first visit' })
	).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Welcome to Koers' })).toHaveCount(0);
	await context.close();
});

test('a first visit gets the page and its scripts compressed', async ({ page }) => {
	const encodings: string[] = [];
	page.on('response', async (response) => {
		const url = new URL(response.url());
		if (url.pathname === '/' || url.pathname.endsWith('.js'))
			encodings.push(`${url.pathname} ${(await response.allHeaders())['content-encoding']}`);
	});
	await open(page);
	// Compressed, not merely small: each script's bytes on the line are far fewer than its own.
	const sizes = await page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.filter((entry) => entry.name.endsWith('.js'))
			.map((entry) => entry as PerformanceResourceTiming)
			.map(({ encodedBodySize, decodedBodySize }) => ({ encodedBodySize, decodedBodySize }))
	);
	const encoded = sizes.reduce((sum, s) => sum + s.encodedBodySize, 0);
	const decoded = sizes.reduce((sum, s) => sum + s.decodedBodySize, 0);
	expect(sizes.length).toBeGreaterThan(3);
	expect(encoded).toBeLessThan(decoded / 2);
	expect(encodings.length).toBeGreaterThan(3);
	for (const line of encodings) expect(line).toMatch(/ br$/);
});
