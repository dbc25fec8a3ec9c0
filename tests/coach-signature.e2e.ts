import { expect, test, type Browser } from '@playwright/test';
import { open } from './helpers';
import { learnerSharingGoal } from './sharing';

const GOAL = 'Lead a team meeting';
const WAIT = { timeout: 20_000 };

/** Someone opens the live link in a browser of their own and signs the goal off as "Kim Coach". */
async function signOffAsKim(browser: Browser, link: string, statement: string) {
	const context = await browser.newContext();
	const coach = await context.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: GOAL })).toBeVisible(WAIT);
	await coach.getByLabel('Your name').fill('Kim Coach');
	await coach.getByRole('button', { name: 'Sign off this goal' }).click();
	await coach.getByLabel('Your statement').fill(statement);
	await coach.getByRole('button', { name: 'Sign off', exact: true }).click();
	return context;
}

test("a coach's sign-off is signed with their key; another key under their name is flagged", async ({
	browser
}, testInfo) => {
	test.setTimeout(120_000);
	const learner = await learnerSharingGoal(browser, GOAL);
	await open(learner.page, learner.goalPath);

	// The coach signs off: the learner sees it signed with the key now pinned for Kim Coach.
	const coach = await signOffAsKim(browser, learner.link, 'Sam led two meetings well.');
	const real = learner.page.getByRole('note').filter({ hasText: 'Sam led two meetings well.' });
	await expect(real).toContainText(
		'Signed with the key Kim Coach used from their first answer on.',
		WAIT
	);
	await expect(real.getByRole('alert')).toHaveCount(0);

	// Someone else with the link, in another browser (another key), signs off as "Kim Coach".
	const other = await signOffAsKim(browser, learner.link, 'Sam may skip the rest.');
	const claimed = learner.page.getByRole('note').filter({ hasText: 'Sam may skip the rest.' });
	await expect(claimed.getByRole('alert')).toHaveText(
		'Signed with another key than Kim Coach used before: this may not come from Kim Coach, or Kim Coach answered from another browser or device. Ask Kim Coach if you are not sure.',
		WAIT
	);
	// On a phone, in the dark, nothing scrolls sideways (a screenshot is kept with the results).
	await learner.page.setViewportSize({ width: 390, height: 900 });
	await learner.page.emulateMedia({ colorScheme: 'dark' });
	await expect
		.poll(() => learner.page.evaluate(() => document.documentElement.scrollWidth))
		.toBeLessThanOrEqual(390);
	await learner.page.screenshot({
		path: testInfo.outputPath('sign-offs-phone-dark.png'),
		fullPage: true
	});
	// The first sign-off keeps its standing.
	await expect(real).toContainText(
		'Signed with the key Kim Coach used from their first answer on.'
	);

	await other.close();
	await coach.close();
	await learner.context.close();
});
