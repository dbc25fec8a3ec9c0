import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

// A page can arrive in parts (a slow network, a busy browser): the first screen's frame, or its
// 200 ms timer, then comes while the parser has not yet reached the app's boot template. Koers
// once threw there and never started, leaving only the first screen.
test('the app starts when its page arrives in parts, after the first screen was painted', async ({
	page,
	baseURL
}) => {
	const html = await (await fetch(`${baseURL}/goals/new`)).text();
	const cut = html.indexOf('<div id="app"');
	expect(cut).toBeGreaterThan(0);
	let sendRest!: () => void;
	const restAllowed = new Promise<void>((resolve) => (sendRest = resolve));
	// The page itself comes in two parts; everything else from the app's own server.
	const server = createServer((request, response) => {
		if (request.url === '/goals/new') {
			response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			response.write(html.slice(0, cut));
			void restAllowed.then(() => response.end(html.slice(cut)));
			return;
		}
		void fetch(`${baseURL}${request.url}`).then(async (answer) => {
			response.writeHead(answer.status, {
				'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream'
			});
			response.end(Buffer.from(await answer.arrayBuffer()));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const errors: Error[] = [];
	page.on('pageerror', (error) => errors.push(error));

	// Timers and frames wait for the test (paused before the page exists).
	await page.clock.install({ time: new Date('2026-12-02T09:00:00') });
	await page.clock.pauseAt(new Date('2026-12-02T09:00:01'));
	await page.goto(`http://127.0.0.1:${port}/goals/new`, { waitUntil: 'commit' });
	// The first part ran the first screen's script; its frame and timer both come now.
	await page.waitForFunction(() => document.scripts.length > 0);
	await page.clock.runFor(1_000);
	expect(await page.evaluate(() => document.readyState)).toBe('loading');
	sendRest();
	await page.clock.resume();
	await expect(page.getByLabel('Title', { exact: true })).toBeVisible();
	expect(errors).toEqual([]);
	server.close();
});
