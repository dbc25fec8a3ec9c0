import { expect, test } from '@playwright/test';
import { open } from './helpers';

test.use({ locale: 'nl-NL' });

test('follows the browser language and remembers the learner’s switch', async ({ page }) => {
	await open(page);
	await expect(page.getByRole('heading', { name: 'Welkom bij Koers' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await page.getByRole('link', { name: 'Instellingen' }).click();
	await page.getByRole('radio', { name: 'English' }).check();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
	await expect(page.getByRole('link', { name: 'Goals' })).toBeVisible();

	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.getByRole('link', { name: 'Home' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome to Koers' })).toBeVisible();

	// And back to Dutch, with the new-goal form fully translated.
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('radio', { name: 'Nederlands' }).check();
	await page.getByRole('link', { name: 'Doelen' }).click();
	await page.getByRole('link', { name: 'Stel je eerste doel' }).click();
	await expect(page.getByRole('heading', { name: 'De zes elementen' })).toBeVisible();
	await expect(page.getByLabel('Wat: bron')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Doel aanmaken' })).toBeVisible();
});
