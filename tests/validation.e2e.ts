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
