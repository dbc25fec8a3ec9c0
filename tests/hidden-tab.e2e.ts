import { expect, test } from '@playwright/test';

// A tab opened in the background (or in a browser under heavy load) paints no frames for a
// while. Koers must start all the same, not wait for a frame that may not come.
test('the app starts in a tab that paints no frames', async ({ page }) => {
	// Positive control: with frames, the page starts as usual.
	await page.goto('/goals/new');
	await expect(page.getByRole('heading', { level: 1, name: 'New goal' })).toBeVisible();

	await page.addInitScript(() => {
		// No animation frame ever arrives, as in a tab that is not being rendered.
		window.requestAnimationFrame = () => 0;
	});
	await page.goto('/goals/new');
	await expect(page.getByRole('heading', { level: 1, name: 'New goal' })).toBeVisible();
	await page.getByLabel('Title', { exact: true }).fill('Gestart zonder frames');
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Gestart zonder frames');
});
