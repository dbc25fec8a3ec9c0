import { expect, test } from '@playwright/test';
import { createGoal, open } from './helpers';

test('a share that expires while the learner has Koers open stops at that moment', async ({
	browser
}) => {
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	await learner.clock.install();
	await createGoal(learner, { title: 'Goal until midnight', status: 'active' });
	await open(learner, '/share/new');
	const today = await learner.evaluate(() => {
		const now = new Date();
		return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
	});
	await learner.getByLabel('Name of this share').fill('Until midnight');
	await learner.getByLabel('Goal until midnight').check();
	await learner.getByLabel('Stop sharing on (optional)').fill(today);
	await learner.getByRole('button', { name: 'Create share' }).click();
	const link = await learner.getByRole('textbox', { name: 'Live link' }).inputValue();

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(link);
	// Positive control: before the expiry moment the share is live.
	await expect(coach.getByRole('heading', { name: 'Goal until midnight' })).toBeVisible({
		timeout: 20_000
	});
	await expect(coach.getByText('Live: the learner is online')).toBeVisible({ timeout: 15_000 });

	// The learner's laptop reaches midnight (the end of the last day) with nothing else happening.
	const untilMidnight = await learner.evaluate(() => {
		const midnight = new Date();
		midnight.setHours(24, 0, 0, 0);
		return midnight.getTime() - Date.now();
	});
	await learner.clock.fastForward(untilMidnight + 1000);
	await expect(coach.getByText('The learner stopped sharing.')).toBeVisible({ timeout: 15_000 });
	await expect(coach.getByRole('heading', { name: 'Goal until midnight' })).toBeVisible();
	await expect(learner.getByText('Expired').first()).toBeVisible();
	await learnerContext.close();
	await coachContext.close();
});
