import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { open } from './helpers';
import { learnerSharingGoal } from './sharing';

const GOAL = 'Lead a team meeting';

/** The coach opens the live link and gives their name, ready to respond. */
async function coachOpens(browser: Browser, link: string) {
	const context = await browser.newContext();
	const coach = await context.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: GOAL })).toBeVisible({ timeout: 20_000 });
	await coach.getByLabel('Your name').fill('Kim Coach');
	await coach.getByLabel('Your role (optional)').fill('mentor');
	return { context, coach };
}

/** At phone and desktop width: nothing scrolls sideways; a screenshot is kept with the results. */
async function looksRight(page: Page, testInfo: TestInfo, name: string) {
	for (const width of [390, 1280]) {
		await page.setViewportSize({ width, height: 900 });
		await expect
			.poll(() => page.evaluate(() => document.documentElement.scrollWidth))
			.toBeLessThanOrEqual(width);
		await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
	}
}

test("a coach's sign-off shows on the learner's page of that goal", async ({
	browser
}, testInfo) => {
	const learner = await learnerSharingGoal(browser, GOAL);
	const { context, coach } = await coachOpens(browser, learner.link);

	// Before: the goal page has nothing from a coach.
	await open(learner.page, learner.goalPath);
	await expect(learner.page.getByText('No feedback yet. Share this to ask for it.')).toBeVisible();

	await coach.getByRole('button', { name: 'Sign off this goal' }).click();
	await coach.getByLabel('Your statement').fill('Sam led two meetings well.');
	await coach.getByRole('button', { name: 'Sign off', exact: true }).click();

	// It arrives on the goal page, which is open: who signed, when, and what they wrote.
	const signOff = learner.page.getByRole('note').filter({ hasText: 'Signed off by' });
	await expect(signOff).toContainText('Sam led two meetings well.', { timeout: 20_000 });
	await expect(signOff).toContainText('Kim Coach, mentor');
	await expect(signOff).toContainText(/\d{4}/);
	await expect(learner.page.getByText('No feedback yet. Share this to ask for it.')).toHaveCount(0);
	await looksRight(learner.page, testInfo, 'goal-sign-off');

	// And on the share page it came through, as before.
	await open(learner.page, learner.sharePath);
	await expect(
		learner.page.getByRole('note').filter({ hasText: 'Sam led two meetings well.' })
	).toBeVisible();

	await context.close();
	await learner.context.close();
});

test('the learner replies to feedback on the share page, and the coach sees it', async ({
	browser
}, testInfo) => {
	const learner = await learnerSharingGoal(browser, GOAL);
	const { context, coach } = await coachOpens(browser, learner.link);

	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill('Add a date, please.');
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();

	const thread = learner.page.getByRole('listitem').filter({ hasText: 'Add a date, please.' });
	await expect(thread).toBeVisible({ timeout: 20_000 });
	// The learner answers here; starting new feedback stays the coach's part.
	await expect(learner.page.getByRole('textbox', { name: 'Your feedback' })).toHaveCount(0);
	await thread.getByRole('button', { name: 'Reply' }).click();
	await thread.getByRole('textbox', { name: 'Reply' }).fill('The first one is on 12 January.');
	await looksRight(learner.page, testInfo, 'share-reply-box');
	await thread.getByRole('button', { name: 'Send reply' }).click();
	await expect(thread.getByText('The first one is on 12 January.')).toBeVisible();
	await expect(thread.getByRole('textbox', { name: 'Reply' })).toHaveCount(0);

	// It reaches the coach, in the thread it answers, under the learner's name.
	const coachThread = coach.getByRole('listitem').filter({ hasText: 'Add a date, please.' });
	await expect(coachThread.getByText('The first one is on 12 January.')).toBeVisible({
		timeout: 20_000
	});
	await expect(coachThread.getByText('Sam Learner')).toBeVisible();

	// The goal's own page shows the same thread with the reply.
	await open(learner.page, learner.goalPath);
	await expect(learner.page.getByText('The first one is on 12 January.')).toBeVisible();

	await context.close();
	await learner.context.close();
});
