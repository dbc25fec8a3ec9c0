import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGroup, joinGroup, shareEvidence } from './group-helpers';
import { generatedFile } from './helpers';

/**
 * What needs a group's room works from any tab: one tab per browser holds the room; a tab where
 * the learner fetches a member's file takes the room over, and a removal asked for in a tab that
 * does not hold it is carried out by the one that does. Anna has two tabs of one browser on the
 * group's page; Bram is another learner.
 */
const WAIT = { timeout: 45_000 };
let dir: string;
let file: string;

test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'koers-group-tabs-'));
	({ path: file } = generatedFile(dir, 'talk.mp4', 1024 * 1024, 20261203));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a second tab fetches a member’s file, and the first removes a member, each through the room', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const annaContext = await browser.newContext();
	const first = await annaContext.newPage();
	const bram = await (await browser.newContext()).newPage();
	const invite = await createGroup(first, 'Intervision North', 'Anna');
	await joinGroup(bram, invite, 'Intervision North', 'Bram');
	await shareEvidence(
		bram,
		'Intervision North',
		{ goal: 'Present my internship', evidence: 'Presentation recording' },
		file
	);
	const item = first.locator('[data-item]').filter({ hasText: 'Presentation recording' });
	await expect(item.getByRole('group', { name: 'talk.mp4' })).toBeVisible(WAIT);

	// The first tab holds the room; a second tab of the same browser opens the group's page.
	const second = await annaContext.newPage();
	await second.goto(first.url());
	await expect(second.getByText('1 other member online')).toBeVisible(WAIT);
	const there = second.locator('[data-item]').filter({ hasText: 'Presentation recording' });
	await expect(there.locator('video')).toHaveCount(0);
	await there
		.getByRole('group', { name: 'talk.mp4' })
		.getByRole('button', { name: /^Get from/ })
		.click();
	await expect(there.locator('video')).toBeVisible(WAIT);

	// The first tab (no longer holding the room) removes Bram: the second does it, and Bram, met
	// there, is handed the removal at once.
	await first
		.locator('.members li', { has: first.locator('strong', { hasText: 'Bram' }) })
		.getByRole('button', { name: 'Remove' })
		.click();
	await first.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
	await expect(first.getByText('Removed. The group has a new key.')).toBeVisible(WAIT);
	await expect(bram.getByText('You were removed from this group.', { exact: false })).toBeVisible(
		WAIT
	);

	await Promise.all([annaContext.close(), bram.context().close()]);
});
