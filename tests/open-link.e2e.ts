import { expect, test, type Browser, type Page } from '@playwright/test';
import { countRecords, createGoal, open } from './helpers';

/** A learner with one goal in a live share; its live link and share page. */
async function learnerShares(browser: Browser, title: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await createGoal(page, { title, status: 'active' });
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('Link test');
	await page.getByLabel(title).check();
	await page.getByRole('button', { name: 'Create share' }).click();
	const link = await page.getByRole('textbox', { name: 'Live link' }).inputValue();
	return { context, page, link };
}

/** The share documents this browser keeps (one IndexedDB database per live share). */
function shareDatabases(page: Page): Promise<string[]> {
	return page.evaluate(async () =>
		(await indexedDB.databases()).flatMap(({ name }) =>
			name?.startsWith('koers-share-') ? [name] : []
		)
	);
}

/** The link with one character of its secret changed. */
function withChangedSecret(link: string): string {
	return link.replace(
		/([#&]s=)(.)/,
		(_, key: string, first: string) => key + (first === 'A' ? 'B' : 'A')
	);
}

test('a live link with one changed character is refused at once and stores nothing', async ({
	browser
}) => {
	const learner = await learnerShares(browser, 'Checked link goal');
	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();

	const changed = withChangedSecret(learner.link);
	expect(changed).not.toBe(learner.link);
	await coach.goto(changed);
	await expect(coach.getByRole('alert')).toContainText('This link was changed on the way');
	expect(await countRecords(coach, 'receivedShares')).toBe(0);
	expect(await shareDatabases(coach)).toEqual([]);

	// Positive control: the link as sent opens, and is kept.
	await coach.goto('about:blank');
	await coach.goto(learner.link);
	await expect(coach.getByRole('heading', { name: 'Checked link goal' })).toBeVisible({
		timeout: 20_000
	});
	await expect.poll(() => countRecords(coach, 'receivedShares')).toBe(1);
	expect(await shareDatabases(coach)).toHaveLength(1);
	await learner.context.close();
	await coachContext.close();
});

/** The link with another secret and no check (as links made before checks existed). */
function withOtherSecretUnchecked(link: string): string {
	const url = new URL(link);
	const params = new URLSearchParams(url.hash.slice(1));
	params.set('s', 'Q'.repeat(43));
	params.delete('c');
	return `${url.origin}${url.pathname}#${params.toString()}`;
}

test('a live link whose key does not open the share says so, stores nothing, and keeps an earlier copy', async ({
	browser
}) => {
	const learner = await learnerShares(browser, 'Keyed link goal');
	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	const wrong = withOtherSecretUnchecked(learner.link);
	const wrongKey = 'The key in this link does not open this share';

	// The learner is online in that room, sealing with the right key: this one cannot open it.
	await coach.goto(wrong);
	await expect(coach.getByRole('alert')).toContainText(wrongKey, { timeout: 20_000 });
	await expect.poll(() => shareDatabases(coach)).toEqual([]);
	expect(await countRecords(coach, 'receivedShares')).toBe(0);

	// Positive control: the right link opens and is kept (its record and its document).
	await coach.goto('about:blank');
	await coach.goto(learner.link);
	await expect(coach.getByRole('heading', { name: 'Keyed link goal' })).toBeVisible({
		timeout: 20_000
	});
	await expect.poll(() => countRecords(coach, 'receivedShares')).toBe(1);
	expect(await shareDatabases(coach)).toHaveLength(1);

	// A wrong key for a share kept from before is refused too, and leaves that copy and its
	// link alone: opened from the inbox, it meets the learner again.
	await coach.goto('about:blank');
	await coach.goto(wrong);
	await expect(coach.getByRole('alert')).toContainText(wrongKey, { timeout: 20_000 });
	expect(await countRecords(coach, 'receivedShares')).toBe(1);
	expect(await shareDatabases(coach)).toHaveLength(1);
	await open(coach, '/shared');
	await coach.getByRole('link', { name: /Link test/ }).click();
	await expect(coach.getByRole('heading', { name: 'Keyed link goal' })).toBeVisible();
	await expect(coach.getByRole('status').first()).toContainText('the learner is online', {
		timeout: 20_000
	});
	await learner.context.close();
	await coachContext.close();
});

test('a key link opened in a tab that already shows a share opens that link', async ({
	browser
}) => {
	const learner = await learnerShares(browser, 'Two links goal');
	const keyLink = await learner.page
		.getByRole('textbox', { name: 'Key link for the file' })
		.inputValue();
	expect(keyLink).toContain('#k=file&');
	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(learner.link);
	await expect(coach.getByRole('heading', { name: 'Two links goal' })).toBeVisible({
		timeout: 20_000
	});
	await expect(coach.getByLabel('Choose the share file')).toHaveCount(0);

	// Pasting the key link into the address bar of this tab changes only the fragment.
	await coach.evaluate((hash) => (location.hash = hash), new URL(keyLink).hash);
	await expect(coach.getByLabel('Choose the share file')).toBeVisible();
	await expect(coach.getByRole('heading', { name: 'Two links goal' })).toHaveCount(0);
	await learner.context.close();
	await coachContext.close();
});
