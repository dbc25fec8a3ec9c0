import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { BUILD_DIR } from '../playwright.config';
import { filesBeforeView } from '../scripts/first-view.js';
import { holdAppEntry } from './helpers';
import { learnerSharingGoal } from './sharing';

// A first visit on a slow line: the page asks for every file its first view needs as soon as its
// first screen is painted (the built HTML lists them), instead of each file only once the one that
// imports it has arrived and run, a round trip each.

let snapshotLink = '';
let liveLink = '';
test.beforeAll(async ({ browser }) => {
	const learner = await learnerSharingGoal(browser, 'Lead a team meeting');
	liveLink = learner.link;
	await learner.page.getByRole('button', { name: 'Make snapshot link' }).click();
	snapshotLink = await learner.page.getByRole('textbox', { name: 'Snapshot link' }).inputValue();
	await learner.context.close();
});

const views = [
	{ name: 'an opened share link', url: () => snapshotLink, heading: 'For my mentor' },
	{ name: 'the start page', url: () => '/', heading: '' }
];

for (const view of views)
	for (const locale of ['en-GB', 'nl-NL'])
		test(`${view.name} (${locale}) asks for all its first view needs before the app’s code runs`, async ({
			browser
		}) => {
			const url = view.url();
			// What the view needs: what a fresh browser asked for before it showed.
			const needed = (
				await filesBeforeView(browser, url, { heading: view.heading, locale, serviceWorker: false })
			).filter((path) => /^\/_app\/immutable\/.*\.(js|css)$/.test(path));
			const entry = (path: string) => path.startsWith('/_app/immutable/entry/');
			// The control: beyond the app's entry, the page's own code and its messages.
			expect(needed.filter((path) => !entry(path)).length).toBeGreaterThan(3);

			// With the app's entry held back no code of the app runs: what is asked for now, the
			// page itself asked for.
			const context = await browser.newContext({ locale });
			const page = await context.newPage();
			const asked = new Set<string>();
			page.on('request', (request) => asked.add(new URL(request.url()).pathname));
			// Each file arrives once: a style asked for early in another way than the app's loader
			// asks (its credentials mode) is fetched again.
			const fetched = new Map<string, number>();
			page.on('requestfinished', (request) => {
				const path = new URL(request.url()).pathname;
				fetched.set(path, (fetched.get(path) ?? 0) + 1);
			});
			// The language's data for dates and numbers loads in a thread of its own.
			const workers: string[] = [];
			page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
			const release = await holdAppEntry(page);
			await page.goto(url, { waitUntil: 'commit' });
			await expect
				.poll(() => needed.filter((path) => !entry(path) && !asked.has(path)))
				.toEqual([]);
			release();
			await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
			const styles = needed.filter((path) => path.endsWith('.css'));
			expect(styles.length).toBeGreaterThan(0);
			await expect.poll(() => styles.filter((path) => !fetched.has(path))).toEqual([]);
			expect([...fetched].filter(([, times]) => times > 1)).toEqual([]);
			expect(workers).toContain('/locale-data.js');

			// The largest of them (Svelte, SvelteKit and the app's frame) carries V8's hint to
			// compile it whole as it arrives, off the main thread: its first line.
			const sizes = await Promise.all(
				needed
					.filter((path) => path.endsWith('.js'))
					.map(async (path) => ({ path, code: await (await page.request.get(path)).text() }))
			);
			const largest = sizes.sort((a, b) => b.code.length - a.code.length)[0]!;
			expect(largest.code.split('\n')[0]).toBe('//# allFunctionsCalledOnLoad');
			await context.close();
		});

test('a live link asks for the peer layer with its first view; a snapshot link never loads it', async ({
	browser
}) => {
	const html = readFileSync(`${BUILD_DIR}/index.html`, 'utf8');
	const views = JSON.parse(
		html.match(/<script type="application\/json" id="first-screen-preloads">([^<]*)</)![1]!
	) as Record<string, Record<string, string[]>>;
	const peerLayer = views['/open']!.live!.filter((path) => path.endsWith('.js'));
	expect(peerLayer.length).toBeGreaterThan(0);
	/** The app's files a fresh browser fetched for `url` once `shown` is visible. */
	const fetchedFor = async (url: string, shown: string) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(url);
		await expect(page.getByText(shown).first()).toBeVisible();
		const names = await page.evaluate(() =>
			performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)
		);
		await context.close();
		return names;
	};
	// The list is what a live link loads (the control), and what a snapshot link does without.
	const live = await fetchedFor(liveLink, 'as soon as you are both online');
	expect(peerLayer.filter((path) => !live.includes(path))).toEqual([]);
	const snapshot = await fetchedFor(snapshotLink, 'For my mentor');
	expect(peerLayer.filter((path) => snapshot.includes(path))).toEqual([]);

	// With the app's entry held back, no code of the app runs: the page asks for it by itself.
	const context = await browser.newContext();
	const page = await context.newPage();
	const asked = new Set<string>();
	page.on('request', (request) => asked.add(new URL(request.url()).pathname));
	await page.route('**/_app/immutable/entry/**', () => {});
	await page.goto(liveLink, { waitUntil: 'commit' });
	await expect.poll(() => peerLayer.filter((path) => !asked.has(path))).toEqual([]);
	await context.close();
});

test('no dynamic import of the built app asks again for a file its importer has loaded', () => {
	// A module runs only after all it imports statically has run: listing those files again at
	// its dynamic imports only makes Vite's preload helper search the document for each of them on
	// the main thread (scripts/vite-plugin-loaded-deps.js).
	const root = `${BUILD_DIR}/_app/immutable`;
	const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.js'))
		.map((file) => file.split('\\').join('/'));
	const code = new Map(files.map((file) => [file, readFileSync(`${root}/${file}`, 'utf8')]));
	const resolve = (from: string, path: string) => posix.join(posix.dirname(from), path);
	const STATIC =
		/\b(?:import|export)\s*(?:\{[^}]*\}\s*from\s*|\*\s*as\s*[\w$]+\s*from\s*)?"([^"]+\.js)"/g;
	const imports = (file: string) =>
		[...(code.get(file) ?? '').matchAll(STATIC)].map((match) => resolve(file, match[1]!));
	const closure = (file: string) => {
		const seen = new Set<string>();
		const queue = imports(file);
		for (let next = queue.pop(); next !== undefined; next = queue.pop())
			if (!seen.has(next)) {
				seen.add(next);
				queue.push(...imports(next));
			}
		return seen;
	};
	let asked = 0;
	const again: string[] = [];
	for (const file of files) {
		const list = code.get(file)!.match(/m\.f=(\[[^\]]*\])/)?.[1];
		if (!list) continue;
		const deps = (JSON.parse(list) as string[]).map((path) => resolve(file, path));
		const loaded = closure(file);
		for (const call of code.get(file)!.matchAll(/__vite__mapDeps\(\[([\d,]*)\]\)/g))
			for (const dep of call[1]!.split(',').map((index) => deps[Number(index)]!)) {
				if (!dep.endsWith('.js')) continue;
				asked++;
				if (loaded.has(dep)) again.push(`${file} → ${dep}`);
			}
	}
	// The control: the helper still asks for the files an import may really lack (SvelteKit's
	// route nodes and what they import), and the imports above are read.
	expect(asked).toBeGreaterThan(20);
	expect(files.some((file) => closure(file).size > 2)).toBe(true);
	expect(again).toEqual([]);
});
