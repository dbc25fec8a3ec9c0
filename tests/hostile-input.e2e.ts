import { expect, test } from '@playwright/test';

test('a link whose fragment has a broken % escape says it is not a Koers link', async ({
	page
}) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await page.goto('/open#k=%E0%A4%A&s=%');
	await expect(page.getByRole('alert')).toHaveText(/not a complete Koers link/);
	// A positive control for the absence below: the app finished starting and rendered.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link cannot be opened');
	expect(errors).toEqual([]);
});
