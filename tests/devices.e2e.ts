import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	countRecords,
	createGoal,
	generatedFile,
	open,
	openOriginWithoutApp,
	storedFile,
	waitForServiceWorker
} from './helpers';
import { device, pair, PAIR_WAIT, row, type Device } from './pairing';

/**
 * A learner's own devices in sync, each device a browser context of its own, over the real
 * signaling server. Every page of Koers syncs, one tab per browser at a time; here one tab per
 * device shows the devices screen, another is where the learner works. Being apart means the
 * device is offline.
 */
const WAIT = PAIR_WAIT;

/** Stops syncing on a device (its sync tab closes) and takes it offline. */
async function apart(device: Device): Promise<void> {
	// The work tab goes on offline from the service worker's cache.
	await waitForServiceWorker(device.work);
	await device.sync.close();
	await device.context.setOffline(true);
}

/** Back online with the devices screen open: it syncs again. */
async function together(device: Device): Promise<void> {
	await device.context.setOffline(false);
	device.sync = await device.context.newPage();
	await open(device.sync, '/settings/devices');
}

async function goalTitles(page: Page): Promise<string[]> {
	await open(page, '/goals');
	return page.locator('main h2, main h3').allInnerTexts();
}

async function expectGoal(page: Page, title: string): Promise<void> {
	await expect
		.poll(async () => (await goalTitles(page)).some((t) => t.includes(title)), WAIT)
		.toBe(true);
}

let dir: string;
test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'koers-devices-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('two devices pair by link, merge what both held, converge after edits made apart, pass a file byte for byte and a delete', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const phone = await device(browser, 'Phone');
	const laptop = await device(browser, 'Laptop');
	// Each device holds work before pairing: both stay.
	await createGoal(phone.work, { title: 'Give better feedback', status: 'active' });
	await createGoal(laptop.work, { title: 'Learn Dutch grammar', status: 'planned' });
	await pair(phone, laptop);
	await expectGoal(laptop.work, 'Give better feedback');
	await expectGoal(phone.work, 'Learn Dutch grammar');
	await expect(row(phone.sync, 'Laptop')).toContainText('Up to date', WAIT);

	// Apart and offline, each device gets a new goal.
	await apart(phone);
	await apart(laptop);
	await createGoalHere(phone.work, 'Written on the phone');
	await createGoalHere(laptop.work, 'Written on the laptop');
	expect(await goalTitlesHere(phone.work)).not.toContain('Written on the laptop');

	// Together again: both converge.
	await together(phone);
	await together(laptop);
	await expectGoal(phone.work, 'Written on the laptop');
	await expectGoal(laptop.work, 'Written on the phone');

	// A file added on the phone is byte-identical on the laptop.
	const { path, sha256 } = generatedFile(
		dir,
		'feedback-notes.pdf',
		3 * 1024 * 1024 + 124,
		2654435761
	);
	await open(phone.work, '/goals');
	await phone.work.getByRole('link', { name: 'Give better feedback' }).click();
	await phone.work.getByRole('link', { name: 'Add evidence' }).click();
	await phone.work.getByLabel('Title', { exact: true }).fill('Notes from the feedback session');
	await phone.work.getByLabel('Add files').setInputFiles(path);
	await phone.work.getByRole('button', { name: 'Save evidence' }).click();
	await expect(phone.work.getByRole('heading', { level: 1 })).toHaveText(
		'Notes from the feedback session'
	);
	await expect
		.poll(() => storedFile(laptop.work, 'attachments').catch(() => null), WAIT)
		.toEqual({ claimed: sha256, actual: sha256, size: 3 * 1024 * 1024 + 124 });
	await expect(laptop.sync.getByTestId('device-missing-files')).toHaveText(
		'Every file is on this device.',
		WAIT
	);

	// A delete on the laptop reaches the phone (which showed the goal until then).
	await expectGoal(phone.work, 'Learn Dutch grammar');
	await open(laptop.work, '/goals');
	await laptop.work.getByRole('link', { name: 'Learn Dutch grammar' }).click();
	await laptop.work.getByRole('button', { name: 'Delete' }).click();
	await laptop.work
		.getByRole('dialog', { name: 'Delete this goal?' })
		.getByRole('button', { name: 'Delete' })
		.click();
	await expect(laptop.work.getByRole('heading', { level: 1 })).toHaveText('Goals');
	await expect
		.poll(async () => (await goalTitles(phone.work)).some((t) => t.includes('Learn Dutch')), WAIT)
		.toBe(false);
	await expectGoal(phone.work, 'Written on the laptop');

	await phone.context.close();
	await laptop.context.close();
});

test('the sync runs on every page, and a second tab shows it and acts through it', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const phone = await device(browser, 'Phone');
	const laptop = await device(browser, 'Laptop');
	await pair(phone, laptop);

	// The laptop closes its devices screen: only its start page is open, and it still syncs.
	await laptop.sync.close();
	await open(laptop.work, '/');
	await createGoal(phone.work, { title: 'Written while the laptop shows Home', status: 'active' });
	await expect(
		laptop.work.getByRole('link', { name: 'Written while the laptop shows Home' }).first()
	).toBeVisible(WAIT);

	// A devices screen opened next to the tab that syncs shows what that tab's sync does...
	laptop.sync = await laptop.context.newPage();
	await open(laptop.sync, '/settings/devices');
	await expect(
		laptop.sync.getByText(
			'Koers syncs in another tab of this browser; this tab shows what arrives.'
		)
	).toBeVisible();
	await expect(row(laptop.sync, 'Phone')).toContainText('Connected now', WAIT);

	// ... and what the learner asks there, the tab that syncs carries out: the phone hears the
	// laptop's new name over the sync.
	await laptop.sync.getByLabel('Name of this device').fill('Work laptop');
	await laptop.sync.getByRole('button', { name: 'Save name' }).click();
	await expect(laptop.sync.getByText('Name saved')).toBeVisible();
	await expect(row(phone.sync, 'Work laptop')).toContainText('Connected now', WAIT);

	// When the tab that synced closes, the other tab takes over: a new goal still arrives.
	await laptop.work.close();
	await createGoal(phone.work, { title: 'Arrived after the hand-over', status: 'planned' });
	laptop.work = await laptop.context.newPage();
	await expectGoal(laptop.work, 'Arrived after the hand-over');

	await phone.context.close();
	await laptop.context.close();
});

/** Creates a goal in an open tab without loading a page (the device is offline). */
async function createGoalHere(page: Page, title: string): Promise<void> {
	await page.getByRole('link', { name: 'Goals', exact: true }).first().click();
	await page.getByRole('link', { name: 'New goal' }).first().click();
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await page.getByRole('link', { name: 'Goals' }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Goals' })).toBeVisible();
}

async function goalTitlesHere(page: Page): Promise<string[]> {
	return page.locator('main h2, main h3').allInnerTexts();
}

test('a text changed on two devices shows both versions, and keeping both keeps both', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const phone = await device(browser, 'Phone');
	const laptop = await device(browser, 'Laptop');
	await createGoal(phone.work, { title: 'Present with confidence', status: 'active' });
	const goalUrl = phone.work.url();
	await pair(phone, laptop);
	await expectGoal(laptop.work, 'Present with confidence');

	for (const page of [phone.work, laptop.work]) await page.goto(goalUrl);
	await expect(laptop.work.getByRole('heading', { level: 1 })).toHaveText(
		'Present with confidence'
	);
	await apart(phone);
	await apart(laptop);
	for (const [page, text] of [
		[phone.work, 'Practise with a friend first.'],
		[laptop.work, 'Record myself and watch it back.']
	] as const) {
		await page.getByRole('link', { name: 'Edit' }).click();
		await page.getByLabel('Description').fill(text);
		await page.getByRole('button', { name: 'Save changes' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Present with confidence');
		await expect(page.getByText(text)).toBeVisible();
	}

	await together(phone);
	await together(laptop);
	const conflict = phone.sync.getByTestId('device-conflict');
	await expect(conflict).toContainText('Goal: description', WAIT);
	await expect(conflict).toContainText('Practise with a friend first.');
	await expect(conflict).toContainText('Record myself and watch it back.');
	await expect(laptop.sync.getByTestId('device-conflict')).toBeVisible(WAIT);
	await conflict.getByRole('button', { name: 'Keep both' }).click();
	await expect(phone.sync.getByTestId('device-conflict')).toHaveCount(0);
	await expect(laptop.sync.getByTestId('device-conflict')).toHaveCount(0, WAIT);
	for (const page of [phone.work, laptop.work]) {
		await page.goto(goalUrl);
		await expect(page.getByText('Practise with a friend first.')).toBeVisible();
		await expect(page.getByText('Record myself and watch it back.')).toBeVisible();
	}

	await phone.context.close();
	await laptop.context.close();
});

test('a removed device gets nothing new; the others go on with a new secret', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const phone = await device(browser, 'Phone');
	const laptop = await device(browser, 'Laptop');
	const tablet = await device(browser, 'Tablet');
	await pair(phone, laptop);
	await pair(phone, tablet);
	await expect(row(laptop.sync, 'Tablet')).toBeVisible(WAIT);

	// Positive control: before the removal, the tablet gets the phone's edit.
	await createGoal(phone.work, { title: 'Before the removal', status: 'active' });
	await expectGoal(tablet.work, 'Before the removal');
	await expectGoal(laptop.work, 'Before the removal');

	await row(phone.sync, 'Tablet').getByRole('button', { name: 'Remove' }).click();
	await phone.sync
		.getByRole('dialog', { name: 'Remove Tablet?' })
		.getByRole('button', { name: 'Remove' })
		.click();
	await expect(phone.sync.getByText('Device removed')).toBeVisible();
	await expect(row(phone.sync, 'Tablet')).toHaveCount(0);
	// The laptop moved with the phone: it lists the tablet no more and is connected again.
	await expect(row(laptop.sync, 'Tablet')).toHaveCount(0, WAIT);
	await expect(row(laptop.sync, 'Phone')).toContainText('Connected now', WAIT);

	await createGoal(phone.work, { title: 'After the removal', status: 'active' });
	await expectGoal(laptop.work, 'After the removal');
	// The tablet is still open, in the old room, and the laptop got the edit: the tablet did not.
	await createGoal(laptop.work, { title: 'Also after the removal', status: 'active' });
	await expectGoal(phone.work, 'Also after the removal');
	const atTablet = await goalTitles(tablet.work);
	expect(atTablet.some((t) => t.includes('Before the removal'))).toBe(true);
	expect(atTablet.some((t) => t.includes('After the removal'))).toBe(false);
	expect(atTablet.some((t) => t.includes('Also after the removal'))).toBe(false);
	await expect(row(tablet.sync, 'Phone')).not.toContainText('Connected now');

	for (const d of [phone, laptop, tablet]) await d.context.close();
});

/**
 * Puts `count` goals into a fresh browser's database with raw IndexedDB and exports them as a
 * backup through the UI: importing that backup on a device logs every record as it would be
 * written by hand.
 */
async function backupWithGoals(browser: Browser, count: number): Promise<string> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await open(page, '/data');
	await page.evaluate(async (count) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open('koers');
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		const stamp = new Date().toISOString();
		const tx = db.transaction('goals', 'readwrite');
		for (let i = 0; i < count; i++)
			tx.objectStore('goals').put({
				id: `bulk-${i}`,
				title: `Practise skill ${i}`,
				description: `Step ${i}: ` + 'Plan it, do it, look back on it. '.repeat(20),
				source: 'ambition',
				reason: null,
				momentOfNeed: null,
				setting: null,
				settingContext: '',
				direction: null,
				formats: ['report'],
				pace: null,
				priorKnowledge: '',
				companion: null,
				targetDate: null,
				status: 'active',
				successCriteria: [],
				tags: [`skill${i % 7}`],
				archivedAt: null,
				createdAt: stamp,
				updatedAt: stamp
			});
		await new Promise((resolve, reject) => {
			tx.oncomplete = resolve;
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	}, count);
	await page.reload();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export backup' }).click();
	const path = join(dir, 'bulk-backup.zip');
	await (await download).saveAs(path);
	await context.close();
	return path;
}

async function importBackup(page: Page, path: string): Promise<void> {
	await open(page, '/data');
	await page.getByLabel('Backup file (.zip)').setInputFiles(path);
	await expect(page.getByText(/to copy/)).toBeVisible({ timeout: 60_000 });
	await page
		.getByRole('region', { name: 'Restore or merge a backup' })
		.getByRole('button', { name: 'Import', exact: true })
		.click();
	await expect(page.getByText('Backup imported.')).toBeVisible({ timeout: 60_000 });
}

test('a first sync cut off in the middle goes on from what arrived', async ({ browser }) => {
	test.setTimeout(300_000);
	const GOALS = 1_500;
	const backup = await backupWithGoals(browser, GOALS);
	const laptop = await device(browser, 'Laptop');
	await importBackup(laptop.work, backup);
	expect(await countRecords(laptop.work, 'goals')).toBe(GOALS);
	const phone = await device(browser, 'Phone');
	// The moment the phone's progress bar first shows changes arriving, it presses "Stop syncing"
	// (the cancel of a first sync), then its page closes: an interrupted first sync.
	await phone.sync.addInitScript(() => {
		const stopAtFirstProgress = () => {
			const bar = document.querySelector('[data-testid="device-progress"]');
			const received = Number(bar?.getAttribute('data-received') ?? 0);
			const total = Number(bar?.getAttribute('data-total') ?? 0);
			const stop = [...document.querySelectorAll('button')].find(
				(button) => button.textContent?.trim() === 'Stop syncing'
			);
			const state = window as unknown as { cutAt?: { received: number; total: number } };
			if (state.cutAt || !stop || received === 0) return;
			state.cutAt = { received, total };
			stop.click();
		};
		addEventListener('DOMContentLoaded', () =>
			new MutationObserver(stopAtFirstProgress).observe(document.body, {
				subtree: true,
				childList: true,
				attributes: true
			})
		);
	});
	const add = laptop.sync.getByTestId('device-add');
	await add.click();
	const link = await laptop.sync
		.getByRole('textbox', { name: 'Link to pair a device' })
		.inputValue();
	await phone.sync.goto('about:blank');
	await phone.sync.goto(link);
	await expect(phone.sync.getByText('Syncing is stopped on this device')).toBeVisible(WAIT);
	const cut = await phone.sync.evaluate(
		() => (window as unknown as { cutAt: { received: number; total: number } }).cutAt
	);
	expect(cut.received).toBeGreaterThan(0);
	expect(cut.received).toBeLessThan(cut.total);
	const firstTotal = cut.total;
	await phone.sync.close();
	// Counted from a file of the app, not the app itself: no tab of the phone runs Koers now, so
	// nothing syncs until the devices screen opens again below (and shows the rest from its start).
	await openOriginWithoutApp(phone.work);
	const kept = await countRecords(phone.work, 'goals');
	expect(kept).toBeLessThan(GOALS);

	// Open again: the rest arrives, and only the rest was counted as missing. Every total the
	// sync reports is read where the app's tabs read it (the leading tab posts each status on the
	// channel of this origin), not from the progress bar: when the rest comes in one batch, the bar
	// can come and go before the devices page has rendered.
	await phone.work.evaluate(() => {
		const seen: number[] = [];
		(window as unknown as { totals: number[] }).totals = seen;
		const channel = new BroadcastChannel('koers-device-sync');
		(window as unknown as { channel: BroadcastChannel }).channel = channel;
		channel.addEventListener('message', (event) => {
			const incoming = event.data?.status?.incoming;
			if (Array.isArray(incoming)) for (const each of incoming) seen.push(Number(each.total));
		});
	});
	phone.sync = await phone.context.newPage();
	await open(phone.sync, '/settings/devices');
	await expect.poll(() => countRecords(phone.work, 'goals'), WAIT).toBe(GOALS);
	await expect(row(laptop.sync, 'Phone')).toContainText('Up to date', WAIT);
	const totals = await phone.work.evaluate(
		() => (window as unknown as { totals: number[] }).totals
	);
	expect(totals.length).toBeGreaterThan(0);
	expect(Math.max(...totals)).toBeLessThan(firstTotal);

	await phone.context.close();
	await laptop.context.close();
});
