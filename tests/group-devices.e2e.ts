import { expect, test, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';
import { createGroup, openGroup, work } from './group-helpers';
import { device, pair, PAIR_WAIT } from './pairing';

/**
 * Learning groups on all the learner's devices: Anna has a laptop and a phone (two browser
 * contexts, paired by link over the real signaling server), Bram is another learner. Each of
 * Anna's devices made its own key before pairing, and each joined a group with it; after
 * pairing, both groups are on both devices, and what Anna writes from either shows as Anna,
 * one member, to the others.
 */

const members = (page: Page) => page.locator('.members li');

test('groups joined on either of two devices are on both, and Anna writes from each as one member', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const laptop = await device(browser, 'Laptop');
	const phone = await device(browser, 'Phone');
	const bram = await (await browser.newContext()).newPage();

	// Before pairing, each device makes its own key: the phone for a group of its own…
	await createGroup(phone.work, 'Phone circle', 'Anna');
	// …the laptop for the group Bram joins and shares in.
	const invite = await createGroup(laptop.work, 'Intervision North', 'Anna');
	await bram.goto(invite);
	await bram.getByLabel('Your name in this group').fill('Bram');
	await bram.getByRole('button', { name: 'Join the group' }).click();
	await expect(
		bram.getByRole('heading', { level: 1, name: 'Intervision North', exact: true })
	).toBeVisible();
	await createGoal(bram, { title: 'Lead a retrospective' });
	await openGroup(bram, 'Intervision North');
	await bram.getByRole('checkbox', { name: 'Lead a retrospective' }).check();
	await bram.getByRole('button', { name: 'Share with the group' }).click();
	await expect(work(laptop.work, 'Lead a retrospective')).toBeVisible(PAIR_WAIT);
	const annaPrint = await laptop.work
		.locator('.members li', { hasText: 'Anna' })
		.locator('[data-fingerprint]')
		.textContent();

	await pair(laptop, phone);

	// The laptop's group is on the phone, with Bram's work, and Anna is one member there.
	await open(phone.work, '/groups');
	await expect(phone.work.getByRole('link', { name: 'Intervision North' })).toBeVisible(PAIR_WAIT);
	await openGroup(phone.work, 'Intervision North');
	await expect(work(phone.work, 'Lead a retrospective')).toBeVisible(PAIR_WAIT);
	const bramsGoal = work(phone.work, 'Lead a retrospective');
	await bramsGoal.getByRole('button', { name: 'Give feedback' }).click();
	await bramsGoal.getByLabel('Your feedback').fill('Written on my phone.');
	await bramsGoal.getByRole('button', { name: 'Send' }).click();

	// Bram reads it as Anna's, from the member he knows (same fingerprint), not a third member.
	await expect(work(bram, 'Lead a retrospective').getByText('Written on my phone.')).toBeVisible(
		PAIR_WAIT
	);
	await expect(
		work(bram, 'Lead a retrospective').locator('[data-comment] strong', { hasText: 'Anna' })
	).toBeVisible();
	await expect(members(bram)).toHaveCount(2);
	await expect(
		bram.locator('.members li', { hasText: 'Anna' }).locator('[data-fingerprint]')
	).toHaveText(annaPrint!);
	await expect(
		work(laptop.work, 'Lead a retrospective').getByText('Written on my phone.')
	).toBeVisible(PAIR_WAIT);
	await expect(members(phone.work)).toHaveCount(2);

	// The group the phone joined with its own key works from the laptop too.
	await openGroup(laptop.work, 'Phone circle');
	// The phone holds the group's room in the background: its chain reaches the laptop.
	await expect(laptop.work.locator('.members strong', { hasText: 'Anna' })).toBeVisible(PAIR_WAIT);
	await laptop.work.getByLabel('Ask the group a question').fill('Who comes on Friday?');
	await laptop.work.getByRole('button', { name: 'Ask', exact: true }).click();
	await openGroup(phone.work, 'Phone circle');
	await expect(phone.work.getByText('Who comes on Friday?')).toBeVisible(PAIR_WAIT);
	await expect(members(phone.work)).toHaveCount(1);
	await expect(members(laptop.work)).toHaveCount(1);

	// Nothing an honest device of Anna's wrote was taken for a forgery anywhere.
	for (const page of [laptop.work, phone.work, bram])
		await expect(page.getByText(/not believed/)).toHaveCount(0);

	await Promise.all([laptop.context, phone.context, bram.context()].map((c) => c.close()));
});
