import { expect, type Locator, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clock } from '../src/lib/media/recording';

/** Opens a page of the app and waits until it has rendered in the active language. */
export async function open(page: Page, path = '/'): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

/** Counts the records in one table of the learner's database, read with raw IndexedDB. */
export async function countRecords(page: Page, table: string): Promise<number> {
	return page.evaluate(
		(name) =>
			new Promise<number>((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					if (!db.objectStoreNames.contains(name)) {
						db.close();
						resolve(0);
						return;
					}
					const count = db.transaction(name).objectStore(name).count();
					count.onsuccess = () => {
						resolve(count.result);
						db.close();
					};
					count.onerror = () => reject(count.error);
				};
			}),
		table
	);
}

export interface GoalInput {
	title: string;
	status?: 'planned' | 'active' | 'achieved' | 'dropped';
	targetDate?: string;
	source?: string;
	tags?: string;
	formats?: string[];
}

/** Creates a goal through the form, as a learner would, and waits for its page. */
export async function createGoal(page: Page, goal: GoalInput): Promise<void> {
	await open(page, '/goals/new');
	await page.getByLabel('Title', { exact: true }).fill(goal.title);
	if (goal.status) await page.getByLabel('Status').selectOption(goal.status);
	if (goal.targetDate) await page.getByLabel('Target date').fill(goal.targetDate);
	if (goal.source) await page.getByLabel('What: source').selectOption({ label: goal.source });
	if (goal.tags) await page.getByLabel('Tags').fill(goal.tags);
	for (const format of goal.formats ?? []) await page.getByLabel(format, { exact: true }).check();
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('heading', { level: 1, name: goal.title })).toBeVisible();
}

/**
 * Records a vlog with the in-app recorder: clicks `start`, records, stops. The page's clock (from
 * `page.clock.install()`, before the page was opened) stands still meanwhile, so the timer shows
 * exactly `seconds` however busy the machine is; the camera records until the live preview has
 * really played `seconds`, so the file is at least that long.
 */
export async function recordVlog(page: Page, start: Locator, seconds: number): Promise<void> {
	const now = await page.evaluate(() => Date.now());
	await page.clock.pauseAt(now + 60_000);
	await start.click();
	await expect(page.getByRole('timer')).toBeVisible();
	const preview = page.getByRole('group', { name: 'Record' }).locator('video');
	await expect
		.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { intervals: [50] })
		.toBeGreaterThan(0);
	await expect
		.poll(() => preview.evaluate((v: HTMLVideoElement) => v.currentTime), { intervals: [50] })
		.toBeGreaterThanOrEqual(seconds);
	const time = page.getByTestId('record-time');
	// The timer runs on the page's clock only.
	await expect(time).toHaveText('0:00');
	await page.clock.runFor(seconds * 1000);
	await expect(time).toHaveText(clock(seconds));
	await page.getByRole('button', { name: 'Stop' }).click();
	await expect(page.getByTestId('recording-facts')).toContainText(` · ${clock(seconds)} · `);
	await page.clock.resume();
}

/** Waits until a service worker controls the page, so it works offline from here on. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null);
}

/**
 * Opens a file of the app's origin in `page` with none of Koers' code running there, to read or
 * write its storage as another program would. The service worker is bypassed for this one load:
 * it answers every navigation with the app, which would start and sync.
 */
export async function openOriginWithoutApp(page: Page): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	await cdp.send('Network.setBypassServiceWorker', { bypass: true });
	await page.goto('/manifest.webmanifest');
	await cdp.send('Network.setBypassServiceWorker', { bypass: false });
	await cdp.detach();
	expect(await page.evaluate(() => document.contentType)).not.toBe('text/html');
}
/** Collects every network request that leaves this machine (anything but loopback and blob:). */
export function trackOutsideRequests(page: Page): string[] {
	const outside: string[] = [];
	page.on('request', (request) => {
		const url = request.url();
		if (/^(https?|wss?):/.test(url) && !new URL(url).hostname.startsWith('127.')) outside.push(url);
	});
	return outside;
}

/** A file of `size` generated bytes (distinct per `seed`) written to `dir`, with its SHA-256. */
export function generatedFile(
	dir: string,
	name: string,
	size: number,
	seed: number
): { path: string; sha256: string } {
	const bytes = Buffer.alloc(size);
	for (let i = 0; i < size; i += 4) bytes.writeUInt32LE((i * seed + 7) >>> 0, i);
	const path = join(dir, name);
	writeFileSync(path, bytes);
	return { path, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Reads back the first file named in `table` ('attachments' for the learner's own, 'receivedFiles'
 * for one fetched from a share) from the page's IndexedDB, chunk by chunk, and hashes it.
 */
export function storedFile(
	page: Page,
	table: 'attachments' | 'receivedFiles'
): Promise<{ claimed: string; actual: string; size: number } | null> {
	return page.evaluate(async (name) => {
		const db = await new Promise<IDBDatabase>((resolve) => {
			const request = indexedDB.open('koers');
			request.onsuccess = () => resolve(request.result);
		});
		const all = <T>(store: string) =>
			new Promise<T[]>((resolve) => {
				const request = db.transaction(store).objectStore(store).getAll();
				request.onsuccess = () => resolve(request.result as T[]);
			});
		const [named] = await all<{ sha256: string }>(name);
		if (!named) return null;
		const files = await all<{ sha256: string; chunks: string[] }>('files');
		const record = files.find((file) => file.sha256 === named.sha256)!;
		const chunks = await all<{ sha256: string; data?: Blob }>('chunks');
		const byHash = new Map(chunks.map((chunk) => [chunk.sha256, chunk.data]));
		// Bytes are in the row, or a file in the origin-private file system.
		const folder = await (
			await navigator.storage.getDirectory()
		)
			.getDirectoryHandle('chunks')
			.catch(() => undefined);
		const parts = await Promise.all(
			record.chunks.map(
				async (hash) => byHash.get(hash) ?? (await folder!.getFileHandle(hash)).getFile()
			)
		);
		const blob = new Blob(parts);
		const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
		const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0'));
		db.close();
		return { claimed: named.sha256, actual: hex.join(''), size: blob.size };
	}, table);
}

/** The chunk files in the page's origin-private file system. */
export function opfsChunkCount(page: Page): Promise<number> {
	return page.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		const folder = await root.getDirectoryHandle('chunks').catch(() => undefined);
		let count = 0;
		if (folder)
			for await (const name of (folder as unknown as { keys(): AsyncIterable<string> }).keys())
				if (/^[0-9a-f]{64}$/.test(name)) count++;
		return count;
	});
}

/** Holds back the scripts whose code holds `marker` until `release` is called; `held` lists them. */
export async function holdScripts(page: Page, marker: string) {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	const held: string[] = [];
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		try {
			const response = await route.fetch();
			const body = await response.text();
			if (body.includes(marker)) {
				held.push(route.request().url());
				await released;
			}
			await route.fulfill({ response, body });
		} catch {
			// The request ended meanwhile (a navigation, the page closing): let it go as it is.
			await route.continue().catch(() => {});
		}
	});
	return { held, release };
}

/**
 * Holds back the app's entry (SvelteKit's `entry/` files) until `release` is called: no code of
 * the app runs meanwhile, only what the page itself asks for and runs (src/app.html).
 */
export async function holdAppEntry(page: Page): Promise<() => void> {
	let release = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/entry/**', async (route) => {
		await released;
		await route.continue().catch(() => {});
	});
	return release;
}

/** The message keys (of the English catalog) that show as text in the page: messages not loaded. */
export async function messageKeysShown(page: Page): Promise<string[]> {
	const keys = Object.keys(
		JSON.parse(readFileSync('src/lib/i18n/catalogs/en.json', 'utf8')) as Record<string, string>
	);
	expect(keys).toContain('share.title');
	const text = await page.locator('body').innerText();
	return keys.filter((key) => text.includes(key));
}
