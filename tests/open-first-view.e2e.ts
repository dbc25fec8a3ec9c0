import { expect, test, type Page } from '@playwright/test';
import { countRecords, open } from './helpers';
import { learnerSharingGoal } from './sharing';

/** Holds back the script that holds Dexie until `release` is called; `held` lists its asks. */
async function holdDatabaseCode(page: Page) {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	const held: string[] = [];
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		try {
			const response = await route.fetch();
			const body = await response.text();
			if (body.includes('Dexie')) {
				held.push(route.request().url());
				await released;
			}
			await route.fulfill({ response, body });
		} catch {
			// The request ended meanwhile (a navigation, the page closing): let it go as it is.
			await route.continue().catch(() => {});
		}
	});
	return { held, release };
}

/** The names of this origin's IndexedDB databases. */
const databases = (page: Page) =>
	page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name));

for (const kind of ['Snapshot link', 'Live link'] as const) {
	test(`an opened ${kind.toLowerCase()} shows before any of the database’s code loads, and is kept after`, async ({
		browser
	}) => {
		const learner = await learnerSharingGoal(browser, 'Lead a team meeting');
		if (kind === 'Snapshot link')
			await learner.page.getByRole('button', { name: 'Make snapshot link' }).click();
		const link = await learner.page.getByRole('textbox', { name: kind }).inputValue();
		if (kind === 'Snapshot link') await learner.context.close();

		const context = await browser.newContext();
		const coach = await context.newPage();
		const { held, release } = await holdDatabaseCode(coach);
		await coach.goto(link);
		await expect(coach.getByRole('heading', { level: 1 })).toHaveText('For my mentor', {
			timeout: 20_000
		});
		await expect(coach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible();
		// The page did ask for the database's code (to keep the share in the inbox): held until now.
		await expect.poll(() => held.length).toBeGreaterThan(0);
		expect(await databases(coach)).not.toContain('koers');

		release();
		await expect.poll(() => countRecords(coach, 'receivedShares')).toBe(1);
		await open(coach, '/shared');
		await expect(coach.getByRole('link', { name: 'For my mentor' })).toBeVisible();
		await context.close();
		if (kind === 'Live link') await learner.context.close();
	});
}
