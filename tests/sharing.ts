import { expect, type Browser } from '@playwright/test';
import { createGoal, open } from './helpers';

/**
 * A learner (a browser of their own) with one goal, shared live with "For my mentor"; returns
 * their context, their page (on the share), the goal's and the share's path, and the live link.
 */
export async function learnerSharingGoal(browser: Browser, goal: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await createGoal(page, { title: goal, status: 'active' });
	const goalPath = new URL(page.url()).pathname;
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('For my mentor');
	await page.getByLabel('Your name').fill('Sam Learner');
	await page.getByLabel(goal).check();
	await page.getByRole('button', { name: 'Create share' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('For my mentor');
	const link = await page.getByRole('textbox', { name: 'Live link' }).inputValue();
	return { context, page, goalPath, sharePath: new URL(page.url()).pathname, link };
}
