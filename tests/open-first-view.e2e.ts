import { expect, test, type Browser, type Page } from '@playwright/test';
import { countRecords, holdScripts, messageKeysShown, open } from './helpers';
import { learnerSharingGoal } from './sharing';

/** The names of this origin's IndexedDB databases. */
const databases = (page: Page) =>
	page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name));

type LinkKind = 'Snapshot link' | 'Live link';

/**
 * A learner's share of one goal opened by a coach in a new browser context, with the scripts
 * holding `marker` held back; resolves once the share's title and goal show.
 */
async function openHolding(browser: Browser, kind: LinkKind, marker: string) {
	const learner = await learnerSharingGoal(browser, 'Lead a team meeting');
	if (kind === 'Snapshot link')
		await learner.page.getByRole('button', { name: 'Make snapshot link' }).click();
	const link = await learner.page.getByRole('textbox', { name: kind }).inputValue();
	if (kind === 'Snapshot link') await learner.context.close();

	const context = await browser.newContext();
	const coach = await context.newPage();
	const { held, release } = await holdScripts(coach, marker);
	await coach.goto(link);
	await expect(coach.getByRole('heading', { level: 1 })).toHaveText('For my mentor', {
		timeout: 20_000
	});
	await expect(coach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible();
	const close = async () => {
		await context.close();
		if (kind === 'Live link') await learner.context.close();
	};
	return { coach, held, release, close };
}

for (const kind of ['Snapshot link', 'Live link'] as const) {
	test(`an opened ${kind.toLowerCase()} shows before any of the database’s code loads, and is kept after`, async ({
		browser
	}) => {
		const { coach, held, release, close } = await openHolding(browser, kind, 'Dexie');
		// Sending feedback back from a fixed copy needs no database either.
		if (kind === 'Snapshot link')
			await expect(coach.getByRole('heading', { name: 'Send your feedback back' })).toBeVisible();
		// The page did ask for the database's code (to keep the share in the inbox): held until now.
		await expect.poll(() => held.length).toBeGreaterThan(0);
		expect(await databases(coach)).not.toContain('koers');

		release();
		await expect.poll(() => countRecords(coach, 'receivedShares')).toBe(1);
		await open(coach, '/shared');
		await expect(coach.getByRole('link', { name: 'For my mentor' })).toBeVisible();
		await close();
	});

	test(`an opened ${kind.toLowerCase()} shows every message before the rest of the app’s messages load`, async ({
		browser
	}) => {
		// The compiled catalog part that holds the devices' messages (the rest part) has their keys
		// as an object's; the code that shows them does not.
		const { coach, held, release, close } = await openHolding(browser, kind, '"devices.title":[');
		// Once the share is kept, the page asks for the rest of the messages: held until now.
		await expect.poll(() => held.length).toBeGreaterThan(0);
		expect(await messageKeysShown(coach)).toEqual([]);
		release();
		await open(coach, '/settings/devices');
		await expect(coach.getByRole('heading', { level: 1, name: 'Your devices' })).toBeVisible();
		await close();
	});
}

/** Records the URLs of the app's scripts whose code holds `marker`, as the page loads them. */
function scriptsHolding(page: Page, marker: string): string[] {
	const found: string[] = [];
	page.on('response', async (response) => {
		if (response.request().resourceType() !== 'script') return;
		const body = await response.text().catch(() => '');
		if (body.includes(marker)) found.push(response.url());
	});
	return found;
}

test('a snapshot link opened on a first visit loads none of the peer layer’s code; a live link does', async ({
	browser
}) => {
	const learner = await learnerSharingGoal(browser, 'Lead a team meeting');
	const live = await learner.page.getByRole('textbox', { name: 'Live link' }).inputValue();
	await learner.page.getByRole('button', { name: 'Make snapshot link' }).click();
	const snapshot = await learner.page.getByRole('textbox', { name: 'Snapshot link' }).inputValue();

	// Control: the live link needs the peer layer (its code holds RTCPeerConnection).
	const liveContext = await browser.newContext();
	const liveCoach = await liveContext.newPage();
	const liveScripts = scriptsHolding(liveCoach, 'RTCPeerConnection');
	await liveCoach.goto(live);
	await expect(liveCoach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible({
		timeout: 20_000
	});
	await expect.poll(() => liveScripts.length).toBeGreaterThan(0);
	await liveContext.close();
	await learner.context.close();

	// The snapshot: shown, kept in the inbox and the background started, without that code.
	const context = await browser.newContext();
	const coach = await context.newPage();
	const scripts = scriptsHolding(coach, 'RTCPeerConnection');
	await coach.goto(snapshot);
	await expect(coach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible({
		timeout: 20_000
	});
	await expect.poll(() => countRecords(coach, 'receivedShares')).toBe(1);
	await open(coach, '/shared');
	await expect(coach.getByRole('link', { name: 'For my mentor' })).toBeVisible();
	expect(scripts).toEqual([]);
	await context.close();
});

test('an opened snapshot paints its title in a frame before its items', async ({ browser }) => {
	const learner = await learnerSharingGoal(browser, 'Lead a team meeting');
	await learner.page.getByRole('button', { name: 'Make snapshot link' }).click();
	const link = await learner.page.getByRole('textbox', { name: 'Snapshot link' }).inputValue();
	await learner.context.close();

	const context = await browser.newContext();
	const coach = await context.newPage();
	// What each painted frame showed: the share's title, and its first item.
	await coach.addInitScript(() => {
		const frames: { title: boolean; item: boolean }[] = [];
		Object.assign(window, { frames_: frames });
		const look = () => {
			const title = [...document.querySelectorAll('#app h1')].some(
				(h) => h.textContent === 'For my mentor'
			);
			const item = [...document.querySelectorAll('#app h2, #app h3')].some(
				(h) => h.textContent?.includes('Lead a team meeting') ?? false
			);
			frames.push({ title, item });
			requestAnimationFrame(look);
		};
		requestAnimationFrame(look);
	});
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible({
		timeout: 20_000
	});
	const frames = await coach.evaluate(
		() => (window as unknown as { frames_: { title: boolean; item: boolean }[] }).frames_
	);
	// Control: a frame showed both; and before the first such frame, one showed the title alone.
	const both = frames.findIndex((frame) => frame.title && frame.item);
	expect(both).toBeGreaterThan(0);
	expect(frames.slice(0, both).some((frame) => frame.title && !frame.item)).toBe(true);
	await context.close();
});
