import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';

/** Runs axe on the page and returns the serious and critical violations, summarised. */
async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
		.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
	test(`every main page passes axe (${colorScheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		const checked: Record<string, string[]> = {};
		const check = async (name: string) => {
			await page.waitForTimeout(100);
			checked[name] = await seriousViolations(page);
		};

		await open(page);
		await check('home (new learner)');
		await open(page, '/goals');
		await check('goals (empty)');
		await open(page, '/evidence');
		await check('evidence (empty)');
		await open(page, '/goals/new');
		await page.getByRole('button', { name: 'Create goal' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await check('goal form with errors');

		await createGoal(page, { title: 'Accessible goal', status: 'active', formats: ['Report'] });
		await page.getByRole('link', { name: 'Add evidence' }).click();
		await page.getByLabel('Title', { exact: true }).fill('A report');
		await page.getByRole('textbox', { name: 'Report' }).fill('## Heading\n\n- a list\n\n> quote');
		await check('evidence form');
		await page.getByRole('button', { name: 'Save evidence' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('A report');
		await check('evidence page');
		await page.getByRole('link', { name: 'Reflect' }).first().click();
		await page.getByRole('radio', { name: /Korthagen/ }).check();
		await check('reflection form');
		await page.getByRole('textbox', { name: 'Trial' }).fill('Try it again.');
		await page.getByRole('button', { name: 'Save reflection' }).click();
		await page.getByRole('link', { name: 'Accessible goal' }).click();
		await check('goal page with timeline');
		await page.getByRole('button', { name: 'Delete' }).click();
		await check('confirm dialog');
		await page.keyboard.press('Escape');
		await open(page, '/');
		await check('home (with work)');
		await open(page, '/goals');
		await page.getByText('Filter', { exact: true }).click();
		await check('goals with filters');
		await open(page, '/settings');
		await check('settings');
		await open(page, '/data');
		await check('your data');
		await open(page, '/data/print');
		await check('print');
		await open(page, '/competencies');
		await check('competencies (empty)');
		await page.getByRole('button', { name: 'Professional skills (example)' }).click();
		await expect(page.getByTestId('coverage')).toBeVisible();
		await check('framework');
		await page.getByRole('link', { name: 'C1 Giving and receiving feedback' }).click();
		await page.getByRole('radio', { name: /Developing/ }).check();
		await page.getByRole('button', { name: 'Save rating' }).click();
		await expect(page.getByTestId('ratings')).toBeVisible();
		await check('competency with growth');
		await open(page, '/overview');
		await expect(page.getByTestId('goals-by-status')).toBeVisible();
		await check('dashboard');
		await open(page, '/search');
		await page.getByRole('searchbox').fill('accessible');
		await expect(page.getByTestId('search-count')).toBeVisible();
		await check('search');

		await open(page, '/pe');
		await check('PE (empty)');
		await page.getByRole('link', { name: 'Add register' }).first().click();
		await check('register templates');
		await page.getByRole('link', { name: /Kwaliteitsregister V&V/ }).click();
		await check('register form');
		await page.getByRole('button', { name: 'Add register' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kwaliteitsregister V&V');
		await open(page, '/pe/activities/new');
		await page.getByLabel('Kwaliteitsregister V&V').check();
		await check('activity form');
		await page.getByLabel('Title', { exact: true }).fill('Course');
		await page.getByRole('button', { name: 'Save activity' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Course');
		await check('activity page');
		await open(page, '/pe');
		await check('PE overview');
		await page.getByRole('link', { name: 'Kwaliteitsregister V&V' }).click();
		await check('register progress');
		await page.getByRole('link', { name: 'Audit pack' }).click();
		await check('audit pack');
		await open(page, '/pe/import');
		await page.getByLabel('CSV file').setInputFiles({
			name: 'x.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('title,date,points\nA,2026-01-01,x\n')
		});
		await expect(page.getByRole('alert')).toBeVisible();
		await check('CSV import with errors');

		expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((k) => [k, []])));
	});
}

test('the sharing pages pass axe, for learner and coach', async ({ page, browser }) => {
	const checked: Record<string, string[]> = {};
	const check = async (name: string, on: Page = page) => {
		await on.waitForTimeout(100);
		checked[name] = await seriousViolations(on);
	};
	await open(page, '/share');
	await check('shares (empty)');
	await open(page, '/shared');
	await check('shared with me (empty)');
	await createGoal(page, { title: 'Shared goal', status: 'active' });
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('For my coach');
	await page.getByLabel('Shared goal').check();
	await check('new share');
	await page.getByRole('button', { name: 'Create share' }).click();
	await page.getByRole('button', { name: 'Make snapshot link' }).click();
	const link = await page.getByRole('textbox', { name: 'Snapshot link' }).inputValue();
	await check('share page');

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Shared goal' })).toBeVisible();
	await coach.getByLabel('Your name').fill('Kim');
	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill('Well done.');
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();
	await coach.getByRole('button', { name: 'Sign off this goal' }).click();
	await check('coach view', coach);
	await coachContext.close();
	expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((k) => [k, []])));
});

test('the main journey works with the keyboard alone', async ({ page }) => {
	await open(page);
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
	await page.keyboard.press('Enter');
	// From the main content, Tab reaches the first action: "New goal".
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'New goal' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('New goal');
	// After navigating, focus starts at the top again; the skip link leads to the form.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Title', { exact: true })).toBeFocused();
	await page.keyboard.type('Typed with the keyboard');
	await page.getByLabel('Title', { exact: true }).press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Typed with the keyboard');
});
