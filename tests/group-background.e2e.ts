import { expect, test, type Page } from '@playwright/test';
import { createGroup, joinGroup, shareGoal, work } from './group-helpers';
import { open } from './helpers';

/**
 * A learning group syncs in the background on every page, not only while its page is open; one
 * tab per browser holds the group's room, the others show what arrives and send through it.
 */
const WAIT = { timeout: 30_000 };

/** How many verified envelopes this browser stored (read straight from IndexedDB). */
function storedEnvelopes(page: Page): Promise<number> {
	return page.evaluate(
		() =>
			new Promise<number>((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					const count = db.transaction('groupEnvelopes').objectStore('groupEnvelopes').count();
					count.onsuccess = () => {
						db.close();
						resolve(count.result);
					};
				};
			})
	);
}

test('work arrives while another page is open, and a second tab sends through the tab that holds the room', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const annaContext = await browser.newContext();
	const anna = await annaContext.newPage();
	const bram = await (await browser.newContext()).newPage();
	const invite = await createGroup(anna, 'Intervision North', 'Anna');
	await joinGroup(bram, invite, 'Intervision North', 'Bram');
	await expect(anna.getByText('1 other member online')).toBeVisible(WAIT);

	// Anna works on her goals; Bram shares. It reaches Anna's device with no group page open.
	await open(anna, '/goals');
	const before = await storedEnvelopes(anna);
	expect(before).toBeGreaterThanOrEqual(3);
	await shareGoal(bram, 'Intervision North', 'Lead a retrospective');
	await expect.poll(() => storedEnvelopes(anna), WAIT).toBeGreaterThan(before);

	// A second tab shows it at once, and who is online, from the tab holding the room.
	const second = await annaContext.newPage();
	await open(second, '/groups');
	await second.getByRole('link', { name: 'Intervision North' }).click();
	await expect(work(second, 'Lead a retrospective')).toBeVisible();
	await expect(second.getByText('1 other member online')).toBeVisible(WAIT);
	// What the second tab writes goes out through the first.
	await second.getByLabel('Ask the group a question').fill('Who comes on Friday?');
	await second.getByRole('button', { name: 'Ask', exact: true }).click();
	await expect(bram.getByText('Who comes on Friday?')).toBeVisible(WAIT);

	// The first tab closes: the second takes the room over.
	await anna.close();
	await shareGoal(bram, 'Intervision North', 'Plan a workshop');
	await expect(work(second, 'Plan a workshop')).toBeVisible(WAIT);

	await Promise.all([annaContext.close(), bram.context().close()]);
});
