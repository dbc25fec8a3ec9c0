import { expect, test } from '@playwright/test';
import { open, openOriginWithoutApp } from './helpers';
import {
	createGroup,
	forge,
	joinGroup,
	openGroup,
	ownAuthor,
	shareGoal,
	work
} from './group-helpers';
import { device, pair, PAIR_WAIT, row } from './pairing';

/**
 * A removed device loses its voice in the learner's groups: Anna writes in a group from her
 * laptop and her phone (paired over the real signaling server), then removes the phone in
 * Settings → Devices while it is closed. What the phone shared before stays; what it writes after
 * (signed with its own key, as a changed app would send it) is refused by Bram, while the laptop
 * goes on writing as Anna.
 */

test('a removed device’s later contributions are refused; what it wrote before stays', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const laptop = await device(browser, 'Laptop');
	const phone = await device(browser, 'Phone');
	const bramContext = await browser.newContext();
	const bram = await bramContext.newPage();

	const invite = await createGroup(laptop.work, 'Intervision North', 'Anna');
	const group = new URL(laptop.work.url()).pathname.split('/').at(-1)!;
	await joinGroup(bram, invite, 'Intervision North', 'Bram');
	await pair(laptop, phone);

	// The phone writes in the group as Anna (a device of her member).
	await open(phone.work, '/groups');
	await expect(phone.work.getByRole('link', { name: 'Intervision North' })).toBeVisible(PAIR_WAIT);
	await shareGoal(phone.work, 'Intervision North', 'Shared from the phone');
	await openGroup(bram, 'Intervision North');
	await expect(work(bram, 'Shared from the phone')).toBeVisible(PAIR_WAIT);
	await expect(bram.getByText(/not believed/)).toHaveCount(0);
	const phoneAuthor = await ownAuthor(phone.work, group);

	// The phone is closed; Anna removes it from the laptop.
	await phone.sync.close();
	await phone.work.close();
	await row(laptop.sync, 'Phone').getByRole('button', { name: 'Remove' }).click();
	await laptop.sync
		.getByRole('dialog', { name: 'Remove Phone?' })
		.getByRole('button', { name: 'Remove' })
		.click();
	await expect(laptop.sync.getByText('Device removed')).toBeVisible();

	// The laptop still writes as Anna (after its revocation of the phone, in its own chain).
	await shareGoal(laptop.work, 'Intervision North', 'Shared from the laptop');
	await expect(work(bram, 'Shared from the laptop')).toBeVisible(PAIR_WAIT);
	await laptop.context.close();

	// The removed phone still holds the group's key and its own: it signs another item (on a
	// page of the app's origin that runs none of its code) and opens the app again.
	const again = await phone.context.newPage();
	await openOriginWithoutApp(again);
	await forge(again, group, phoneAuthor, {
		t: 'item',
		item: {
			kind: 'goal',
			id: 'after-removal',
			title: 'Shared after the removal',
			description: '',
			status: 'active',
			targetDate: null,
			successCriteria: [],
			updatedAt: '2026-12-02T08:00:00.000Z'
		}
	});
	await open(again, '/groups');

	// Bram receives it and does not believe it; what the phone shared before is still Anna's.
	await expect(bram.getByText(/contributions? (was|were) not believed/)).toBeVisible(PAIR_WAIT);
	await expect(work(bram, 'Shared after the removal')).toHaveCount(0);
	await expect(work(bram, 'Shared from the phone')).toBeVisible();
	await expect(bram.locator('.members li')).toHaveCount(2);

	await Promise.all([phone.context, bramContext].map((c) => c.close()));
});
