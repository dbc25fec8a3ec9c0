import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGroup, joinGroup, shareEvidence } from './group-helpers';
import { generatedFile, open, storedFile } from './helpers';

/**
 * Media on demand in a learning group, as coaches have it: a member plays another member's
 * shared video, fetched from that member's device over the group's media channel, every chunk
 * checked against its SHA-256 and the whole file against its own.
 */
const WAIT = { timeout: 45_000 };
/** Two chunks of 4 MiB and a part. */
const SIZE = 9 * 1024 * 1024;
let dir: string;
let file: string;
let sha256: string;

test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'koers-group-media-'));
	({ path: file, sha256 } = generatedFile(dir, 'talk.mp4', SIZE, 20261202));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a member plays another member’s shared video, fetched on demand and checked', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const anna = await (await browser.newContext()).newPage();
	let bram = await (await browser.newContext()).newPage();
	const invite = await createGroup(anna, 'Intervision North', 'Anna');
	await joinGroup(bram, invite, 'Intervision North', 'Bram');

	// Bram keeps a recording of his talk as evidence of a goal, and shares the goal.
	await shareEvidence(
		bram,
		'Intervision North',
		{ goal: 'Present my internship', evidence: 'Presentation recording' },
		file
	);

	// Anna sees the evidence with its file named, not yet here; she gets it from Bram.
	const item = anna.locator('[data-item]').filter({ hasText: 'Presentation recording' });
	const entry = item.getByRole('group', { name: 'talk.mp4' });
	await expect(entry).toBeVisible(WAIT);
	await expect(item.locator('video')).toHaveCount(0);
	// Bram closes Koers before Anna asks: her fetch waits for him, by name, and goes on by itself.
	const bramContext = bram.context();
	await bram.close();
	await entry.getByRole('button', { name: 'Get from Bram' }).click();
	await expect(entry).toContainText('waiting until Bram is online', WAIT);
	bram = await bramContext.newPage();
	await open(bram, '/');
	await expect(item.locator('video')).toBeVisible(WAIT);
	await expect(item.getByRole('link', { name: 'Download: talk.mp4' })).toBeVisible();
	expect(await storedFile(anna, 'receivedFiles')).toEqual({
		claimed: sha256,
		actual: sha256,
		size: SIZE
	});
	// Bram's own item is his: nothing to fetch there (positive control: the button above named him).
	await expect(
		bram
			.locator('[data-item]')
			.filter({ hasText: 'Presentation recording' })
			.getByRole('button', {
				name: /^Get from/
			})
	).toHaveCount(0);

	await Promise.all([anna.context().close(), bram.context().close()]);
});
