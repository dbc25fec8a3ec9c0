import { expect, test } from '@playwright/test';
import { deployedCopy, type DeployedCopy } from './deployed-copy';
import { waitForServiceWorker } from './helpers';

// This test deploys a new version, so it serves its own copy of the build.
let app: DeployedCopy;

test.beforeAll(async () => {
	app = await deployedCopy(2);
});

test.afterAll(() => app?.close());

test('files chosen but not saved are still there after reloading into a new version', async ({
	page
}) => {
	const { base } = app;
	await page.goto(`${base}/evidence/new`);
	await waitForServiceWorker(page);
	await page.getByLabel('Title', { exact: true }).fill('Site visit');
	const photo = {
		name: 'site-visit.jpg',
		mimeType: 'image/jpeg',
		buffer: Buffer.alloc(300_000, 7)
	};
	const notes = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Walls, roof') };
	await page.getByLabel('Add files').setInputFiles([photo, notes]);
	const chosen = page.getByRole('list', { name: 'Files' });
	await expect(chosen.getByText('site-visit.jpg')).toBeVisible();

	app.deployNext();
	await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
	const banner = page.getByRole('status').filter({ hasText: 'A new version of Koers is ready' });
	const reloaded = page.waitForEvent('load');
	await banner.getByRole('button', { name: 'Reload now' }).click();
	await reloaded;

	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Site visit');
	await expect(chosen.getByText('site-visit.jpg')).toBeVisible();
	await expect(chosen.getByText('notes.txt')).toBeVisible();
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Site visit');
	await expect(page.getByText('site-visit.jpg')).toBeVisible();
	await expect(page.getByText('notes.txt')).toBeVisible();
	// Taken back once: a new form starts without them.
	await page.goto(`${base}/evidence/new`);
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('');
	await expect(page.getByText('site-visit.jpg')).toHaveCount(0);
});
