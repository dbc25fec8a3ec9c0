import { expect, test } from '@playwright/test';
import { deployedCopy, type DeployedCopy } from './deployed-copy';
import { waitForServiceWorker } from './helpers';

// This test deploys a new version, so it serves its own copy of the build.
let app: DeployedCopy;

test.beforeAll(async () => {
	app = await deployedCopy(1);
});

test.afterAll(() => app?.close());

test('a new version waits for the learner, then reloads without losing their input', async ({
	page
}) => {
	const { base } = app;
	await page.goto(`${base}/goals/new`);
	await waitForServiceWorker(page);
	await page.getByLabel('Title', { exact: true }).fill('Half-written goal');
	await page.getByLabel('Description').fill('Typed before the update arrived.');
	await page
		.getByLabel('Where', { exact: true })
		.selectOption({ label: 'Outside the work process' });

	// Deploy a new version: a changed service worker.
	app.deployNext();
	await page.getByRole('link', { name: 'Settings' }).click();
	await page.getByRole('button', { name: 'Check for updates' }).click();
	const banner = page.getByRole('status').filter({ hasText: 'A new version of Koers is ready' });
	await expect(banner).toBeVisible();

	// Nothing reloads until the learner says so.
	await page.goBack();
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Half-written goal');
	const reloaded = page.waitForEvent('load');
	await banner.getByRole('button', { name: 'Reload now' }).click();
	await reloaded;

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('New goal');
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Half-written goal');
	await expect(page.getByLabel('Description')).toHaveValue('Typed before the update arrived.');
	await expect(page.getByLabel('Where', { exact: true })).toHaveValue('outsideWork');
	await expect(banner).toHaveCount(0);
	await expect(page.getByText('Your unsaved input was restored.')).toBeVisible();
	const script = await page.evaluate(async () => {
		const registration = await navigator.serviceWorker.getRegistration();
		return { waiting: registration?.waiting ?? null, active: !!registration?.active };
	});
	expect(script).toEqual({ waiting: null, active: true });

	// The learner may also throw the restored input away.
	await page.getByRole('button', { name: 'Discard it' }).click();
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('');
	await expect(page.getByLabel('Where', { exact: true })).toHaveValue('');
});
