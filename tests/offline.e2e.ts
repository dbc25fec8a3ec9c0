import { expect, test } from '@playwright/test';
import { createGoal, open, waitForServiceWorker } from './helpers';

test('after the first visit the app starts and saves with the network off', async ({
	page,
	context
}) => {
	await open(page);
	await waitForServiceWorker(page);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Welcome to Koers' })).toBeVisible();

	// A deep link opens offline too, and an edit made offline is stored.
	await createGoal(page, { title: 'Learn while on the train', status: 'active' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Notes written offline');
	await page.getByRole('textbox', { name: 'Report' }).fill('**Offline** and fine.');
	await expect(page.getByRole('region', { name: 'Preview' }).locator('strong')).toHaveText(
		'Offline'
	);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notes written offline');

	await context.setOffline(false);
	await page.goto('/goals');
	await page.reload();
	await page.getByRole('link', { name: 'Learn while on the train' }).click();
	await expect(
		page.getByRole('list', { name: 'Timeline' }).getByText('Notes written offline')
	).toBeVisible();
});

test('the app is installable: manifest with icons, served by the service worker', async ({
	page
}) => {
	await open(page);
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = (await (await page.request.get(href!)).json()) as {
		name: string;
		display: string;
		icons: { sizes: string; purpose?: string }[];
	};
	expect(manifest).toMatchObject({ name: 'Koers', display: 'standalone' });
	expect(manifest.icons.map((icon) => icon.sizes)).toEqual(
		expect.arrayContaining(['192x192', '512x512'])
	);
	expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
	await waitForServiceWorker(page);
	for (const icon of ['/icons/icon-192.png', '/icons/icon-512.png']) {
		expect((await page.request.get(icon)).headers()['content-type']).toBe('image/png');
	}
});
