import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../scripts/serve.js';
import { BUILD_DIR, PORT as APP_PORT } from '../playwright.config';
import { waitForServiceWorker } from './helpers';

// This test deploys a new version, so it serves its own copy of the build.
const PORT = APP_PORT + 1;
let dir: string;
let server: Server;

test.beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'koers-update-'));
	cpSync(BUILD_DIR, dir, { recursive: true });
	server = await serveStatic({ dir, port: PORT, watch: true });
});

test.afterAll(() => {
	server?.close();
	rmSync(dir, { recursive: true, force: true });
});

test('a new version waits for the learner, then reloads without losing their input', async ({
	page
}) => {
	const base = `http://127.0.0.1:${PORT}`;
	await page.goto(`${base}/goals/new`);
	await waitForServiceWorker(page);
	await page.getByLabel('Title', { exact: true }).fill('Half-written goal');
	await page.getByLabel('Description').fill('Typed before the update arrived.');
	await page
		.getByLabel('Where', { exact: true })
		.selectOption({ label: 'Outside the work process' });

	// Deploy a new version: a changed service worker.
	appendFileSync(join(dir, 'service-worker.js'), '\n// next version\n');
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
