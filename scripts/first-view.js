// What a page needs before its first view shows, as a fresh browser asks for it: for the bench
// (bench-lighthouse.js) and the tests of a first visit (tests/first-view-files.e2e.ts).

/**
 * The files (by path) of the page's own origin a fresh browser profile (in `locale`) asked for
 * before the page's first view showed: its first level-1 heading outside the first screen,
 * holding `heading` if given. `serviceWorker: false` hides the service worker from the page, so
 * the app's update code (loaded once the page is idle, which on a busy machine can come before
 * the view) is not among them.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} url
 * @param {{ heading?: string, locale?: string, serviceWorker?: boolean }} [options]
 * @returns {Promise<string[]>}
 */
export async function filesBeforeView(
	browser,
	url,
	{ heading = '', locale = 'en-GB', serviceWorker = true } = {}
) {
	const context = await browser.newContext({ locale });
	const page = await context.newPage();
	if (!serviceWorker)
		await page.addInitScript(() => {
			// @ts-expect-error: removed on purpose, as in a browser without service workers
			delete Navigator.prototype.serviceWorker;
		});
	// The moment the heading is first in the page, seen by a mutation observer from the start.
	await page.addInitScript((heading) => {
		new MutationObserver((_, observer) => {
			const shown = [...document.querySelectorAll('h1')].some(
				(h1) => h1.textContent?.includes(heading) && !h1.closest('[inert]')
			);
			if (!shown) return;
			document.documentElement.dataset.viewAt = String(performance.now());
			observer.disconnect();
		}).observe(document, { childList: true, subtree: true, characterData: true });
	}, heading);
	try {
		await page.goto(url);
		await page.waitForFunction(() => document.documentElement.dataset.viewAt !== undefined);
		const names = await page.evaluate(() => {
			const viewAt = Number(document.documentElement.dataset.viewAt);
			return performance
				.getEntriesByType('resource')
				.filter((entry) => entry.startTime < viewAt)
				.map((entry) => entry.name);
		});
		const origin = new URL(page.url()).origin;
		return names.filter((name) => name.startsWith(origin)).map((name) => new URL(name).pathname);
	} finally {
		await context.close();
	}
}
