import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
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

/**
 * Scans pages one state at a time: `check(name, ready)` waits until `ready` shows that the page
 * is in the state to scan (not still the page before it), then runs axe.
 */
function scanner(page: Page) {
	const checked: Record<string, string[]> = {};
	return {
		async check(name: string, ready: Locator, on: Page = page) {
			await expect(ready).toBeVisible();
			checked[name] = await seriousViolations(on);
		},
		expectNoViolations() {
			expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((k) => [k, []])));
		}
	};
}

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

// The main pages, in small groups: one scan takes seconds on a busy machine, so one test for all
// of them would not fit in a test's time.
for (const colorScheme of ['light', 'dark'] as const) {
	test.describe(`axe (${colorScheme})`, () => {
		test.beforeEach(({ page }) => page.emulateMedia({ colorScheme }));

		test(`the pages of a new learner pass axe (${colorScheme})`, async ({ page }) => {
			const { check, expectNoViolations } = scanner(page);
			await open(page);
			await check('home (new learner)', page.getByRole('heading', { name: 'Welcome to Koers' }));
			await open(page, '/goals');
			await check('goals (empty)', h1(page, 'Goals'));
			await open(page, '/evidence');
			await check('evidence (empty)', h1(page, 'Evidence'));
			await open(page, '/goals/new');
			await page.getByRole('button', { name: 'Create goal' }).click();
			await check('goal form with errors', page.getByRole('alert'));
			expectNoViolations();
		});

		test(`evidence and reflection pages pass axe (${colorScheme})`, async ({ page }) => {
			const { check, expectNoViolations } = scanner(page);
			await createGoal(page, { title: 'Accessible goal', status: 'active', formats: ['Report'] });
			await page.getByRole('link', { name: 'Add evidence' }).click();
			await page.getByLabel('Title', { exact: true }).fill('A report');
			await page.getByRole('textbox', { name: 'Report' }).fill('## Heading\n\n- a list\n\n> quote');
			await check(
				'evidence form',
				page.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: 'Heading' })
			);
			await page.getByRole('button', { name: 'Save evidence' }).click();
			await check('evidence page', h1(page, 'A report'));
			await page.getByRole('link', { name: 'Reflect' }).first().click();
			await page.getByRole('radio', { name: /Korthagen/ }).check();
			await check('reflection form', page.getByRole('textbox', { name: 'Trial' }));
			await page.getByRole('textbox', { name: 'Trial' }).fill('Try it again.');
			await page.getByRole('button', { name: 'Save reflection' }).click();
			await page.getByRole('link', { name: 'Accessible goal' }).click();
			await check(
				'goal page with timeline',
				page.getByRole('list', { name: 'Timeline' }).getByText('A report')
			);
			await page.getByRole('button', { name: 'Delete' }).click();
			await check('confirm dialog', page.getByRole('dialog'));
			expectNoViolations();
		});

		test(`home, goals, search, settings and data pages pass axe (${colorScheme})`, async ({
			page
		}) => {
			const { check, expectNoViolations } = scanner(page);
			await createGoal(page, { title: 'Accessible goal', status: 'active' });
			await open(page, '/');
			await check('home (with work)', page.getByRole('heading', { name: 'Active goals' }));
			await open(page, '/goals');
			await page.getByText('Filter', { exact: true }).click();
			await check('goals with filters', page.getByLabel('Status'));
			await open(page, '/search');
			await page.getByRole('searchbox').fill('accessible');
			await check('search', page.getByTestId('search-count'));
			await open(page, '/settings');
			await check('settings', page.getByTestId('storage-used'));
			await open(page, '/data');
			await check('your data', page.getByRole('button', { name: 'Export backup' }));
			await open(page, '/data/print');
			await check('print', page.getByRole('heading', { name: 'Accessible goal' }));
			expectNoViolations();
		});

		test(`competencies and the dashboard pass axe (${colorScheme})`, async ({ page }) => {
			const { check, expectNoViolations } = scanner(page);
			await open(page, '/competencies');
			await check('competencies (empty)', h1(page, 'Competencies'));
			await page.getByRole('button', { name: 'Professional skills (example)' }).click();
			await check('framework', page.getByTestId('coverage'));
			await page.getByRole('link', { name: 'C1 Giving and receiving feedback' }).click();
			await page.getByRole('radio', { name: /Developing/ }).check();
			await page.getByRole('button', { name: 'Save rating' }).click();
			await check('competency with growth', page.getByTestId('ratings'));
			await createGoal(page, { title: 'Accessible goal', status: 'active' });
			await open(page, '/overview');
			await check('dashboard', page.getByTestId('goals-by-status'));
			expectNoViolations();
		});

		test(`the PE forms and the CSV import pass axe (${colorScheme})`, async ({ page }) => {
			const { check, expectNoViolations } = scanner(page);
			await open(page, '/pe');
			await check('PE (empty)', h1(page, 'PE points'));
			await page.getByRole('link', { name: 'Add register' }).first().click();
			await check('register templates', page.getByRole('link', { name: /Kwaliteitsregister V&V/ }));
			await page.getByRole('link', { name: /Kwaliteitsregister V&V/ }).click();
			await check('register form', page.getByLabel('Cycle starts on'));
			await page.getByRole('button', { name: 'Add register' }).click();
			await expect(h1(page, 'Kwaliteitsregister V&V')).toBeVisible();
			await open(page, '/pe/activities/new');
			await page.getByLabel('Kwaliteitsregister V&V').check();
			await check('activity form', page.getByLabel('Points'));
			await open(page, '/pe/import');
			await page.getByLabel('CSV file').setInputFiles({
				name: 'x.csv',
				mimeType: 'text/csv',
				buffer: Buffer.from('title,date,points\nA,2026-01-01,x\n')
			});
			await check('CSV import with errors', page.getByRole('alert'));
			expectNoViolations();
		});

		test(`the PE progress pages pass axe (${colorScheme})`, async ({ page }) => {
			const { check, expectNoViolations } = scanner(page);
			await open(page, '/pe/registers/new?template=vv');
			await page.getByRole('button', { name: 'Add register' }).click();
			await expect(h1(page, 'Kwaliteitsregister V&V')).toBeVisible();
			await open(page, '/pe/activities/new');
			await page.getByLabel('Title', { exact: true }).fill('Course');
			await page.getByLabel('Kwaliteitsregister V&V').check();
			await page.getByLabel('Points').fill('2');
			await page.getByRole('button', { name: 'Save activity' }).click();
			await check('activity page', h1(page, 'Course'));
			await open(page, '/pe');
			await check('PE overview', page.getByRole('link', { name: 'Kwaliteitsregister V&V' }));
			await page.getByRole('link', { name: 'Kwaliteitsregister V&V' }).click();
			await check('register progress', page.getByRole('link', { name: 'Audit pack' }));
			await page.getByRole('link', { name: 'Audit pack' }).click();
			await check('audit pack', h1(page, 'Audit pack: Kwaliteitsregister V&V'));
			expectNoViolations();
		});
	});
}

test('the sharing pages pass axe, for learner and coach', async ({ page, browser }) => {
	const { check, expectNoViolations } = scanner(page);
	await open(page, '/share');
	await check('shares (empty)', h1(page, 'Share'));
	await open(page, '/shared');
	await check('shared with me (empty)', h1(page, 'Shared with me'));
	await createGoal(page, { title: 'Shared goal', status: 'active' });
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('For my coach');
	await page.getByLabel('Shared goal').check();
	await check('new share', page.getByLabel('Shared goal'));
	await page.getByRole('button', { name: 'Create share' }).click();
	await page.getByRole('button', { name: 'Make snapshot link' }).click();
	const link = await page.getByRole('textbox', { name: 'Snapshot link' }).inputValue();
	await check('share page', page.getByRole('textbox', { name: 'Snapshot link' }));

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Shared goal' })).toBeVisible();
	await coach.getByLabel('Your name').fill('Kim');
	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill('Well done.');
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(coach.getByText('Well done.')).toBeVisible();
	await coach.getByRole('button', { name: 'Sign off this goal' }).click();
	await check('coach view', coach.getByLabel('Your statement'), coach);
	await coachContext.close();
	expectNoViolations();
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
