import { expect, test } from '@playwright/test';
import { countRecords, createGoal, open } from './helpers';

test('a goal without a title shows a clear error and stores nothing', async ({ page }) => {
	await open(page, '/goals/new');
	await page.getByLabel('Target date').fill('2027-01-01');
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'Some fields need attention before this can be saved.'
	);
	const title = page.getByLabel('Title', { exact: true });
	await expect(title).toBeFocused();
	await expect(title).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('Give it a title.')).toBeVisible();
	expect(await countRecords(page, 'goals')).toBe(0);

	// Correcting the field saves it.
	await title.fill('Now with a title');
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Now with a title');
	expect(await countRecords(page, 'goals')).toBe(1);
});

test('a link with a script address is refused and nothing is stored', async ({ page }) => {
	await createGoal(page, { title: 'Goal' });
	await open(page, '/evidence/new');
	await page.getByLabel('Format').selectOption({ label: 'Link' });
	await page.getByLabel('Title', { exact: true }).fill('My talk');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByText('A link needs a web address.')).toBeVisible();
	await page.getByLabel('Web address').fill('javascript:alert(1)');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(
		page.getByText('Enter a web address starting with http:// or https://.')
	).toBeVisible();
	await expect(page.getByLabel('Web address')).toBeFocused();
	expect(await countRecords(page, 'evidence')).toBe(0);

	await page.getByLabel('Web address').fill('https://example.org/talk');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('link', { name: 'https://example.org/talk' })).toBeVisible();
	expect(await countRecords(page, 'evidence')).toBe(1);
});

test('an empty reflection is refused and nothing is stored', async ({ page }) => {
	await createGoal(page, { title: 'Goal to reflect on' });
	await page.getByRole('link', { name: 'Reflect' }).click();
	await page.getByRole('radio', { name: /Gibbs/ }).check();
	await page.getByRole('textbox', { name: 'Feelings' }).fill('   ');
	await page.getByRole('button', { name: 'Save reflection' }).click();
	await expect(page.getByRole('alert')).toHaveText('Write something in at least one step.');
	expect(await countRecords(page, 'reflections')).toBe(0);
});

test('a link to something that does not exist says so', async ({ page }) => {
	await open(page, '/goals/does-not-exist');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not found');
	await open(page, '/evidence/nope/edit');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not found');
});

test('an own framework names each problem, the outline its line, and stores nothing', async ({
	page
}) => {
	await open(page, '/competencies/new');
	await page.getByLabel('Levels').fill('Alleen één');
	await page.getByLabel('Competencies').fill('A Samenwerken\n      A1 Te diep ingesprongen');
	await page.getByRole('button', { name: 'Create framework' }).click();
	await expect(page.getByText('Give it a title.')).toBeVisible();
	await expect(page.getByText('Give at least two levels.')).toBeVisible();
	await expect(
		page.getByText('Line 2 is indented more than one step, or has no title.')
	).toBeVisible();
	await expect(page.getByLabel('Title')).toBeFocused();
	expect(await countRecords(page, 'frameworks')).toBe(0);

	// The input survives a reload; fixed, it is saved once.
	await page.reload();
	await expect(page.getByText('Your unsaved input was restored.')).toBeVisible();
	await page.getByLabel('Title').fill('Eigen kader');
	await page.getByLabel('Levels').fill('Beginner\nGevorderd');
	await page.getByLabel('Competencies').fill('A Samenwerken\n  A1 Overleggen');
	await page.getByRole('button', { name: 'Create framework' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eigen kader');
	expect(await countRecords(page, 'frameworks')).toBe(1);
	await page.goto(page.url().replace(/\/?$/, '/edit'));
	await expect(page.getByText('Your unsaved input was restored.')).toHaveCount(0);
});

test('a rating without a level and a step without a title are refused', async ({ page }) => {
	await open(page, '/competencies');
	await page.getByRole('button', { name: 'Professional skills (example)' }).click();
	await page.getByRole('link', { name: 'C1 Giving and receiving feedback' }).click();
	await page.getByRole('button', { name: 'Save rating' }).click();
	await expect(page.getByText('Choose a level first.')).toBeVisible();
	await expect(page.getByRole('radio').first()).toBeFocused();
	expect(await countRecords(page, 'assessments')).toBe(0);

	await createGoal(page, { title: 'Een pad zonder titel' });
	const path = page.getByRole('region', { name: 'Learning path' });
	await path.getByRole('button', { name: 'Add step' }).click();
	await expect(path.getByText('Give it a title.')).toBeVisible();
	await expect(path.getByLabel('Step')).toBeFocused();
	expect(await countRecords(page, 'pathSteps')).toBe(0);
});
