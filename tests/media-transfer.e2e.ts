import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clock } from '../src/lib/media/recording';
import { createGoal, generatedFile, open, recordVlog, storedFile } from './helpers';

const SIZE = 120 * 1024 * 1024;
let dir: string;
let file: string;
let sha256: string;

test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'koers-transfer-'));
	({ path: file, sha256 } = generatedFile(dir, 'internship-presentation.mp4', SIZE, 2246822519));
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The learner shares a goal whose evidence holds `files`; returns the live link. */
async function shareEvidence(page: Page, title: string, addFiles: () => Promise<void>) {
	await createGoal(page, { title: 'Present my internship', status: 'active' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.getByLabel('Title', { exact: true }).fill(title);
	await addFiles();
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title, { timeout: 60_000 });
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('Internship');
	await page.getByLabel('Your name').fill('Sam Learner');
	await page.getByLabel('Present my internship').check();
	await page.getByRole('button', { name: 'Create share' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Internship');
	return page.getByRole('textbox', { name: 'Live link' }).inputValue();
}

async function coachOpens(browser: Browser, link: string) {
	const context = await browser.newContext();
	const coach = await context.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { level: 1 })).toHaveText('Internship', {
		timeout: 20_000
	});
	return coach;
}

test('a 120 MB video reaches the coach over the media channel, resumed after the learner went offline', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	const link = await shareEvidence(learner, 'Presentation recording', () =>
		learner.getByLabel('Add files').setInputFiles(file)
	);

	const coach = await coachOpens(browser, link);
	const item = coach.locator('[data-item]').filter({ hasText: 'Presentation recording' });
	const entry = item.getByRole('group', { name: 'internship-presentation.mp4' });
	await expect(entry).toContainText('126 MB');
	await entry.getByRole('button', { name: 'Get from the learner' }).click();
	const progress = entry.getByRole('progressbar');
	await expect
		.poll(async () => Number((await progress.getAttribute('value')) ?? 0), { timeout: 60_000 })
		.toBeGreaterThanOrEqual(10);

	// The learner closes Koers in the middle of the transfer: no progress bar, just waiting.
	await learner.close();
	await expect(entry).toContainText('waiting until the learner is online', { timeout: 30_000 });
	await expect(progress).toHaveCount(0);

	// Back online: the transfer goes on from what the coach already has.
	await open(await learnerContext.newPage(), '/');
	await expect(entry).toContainText(/Resumed: \d+ MB was already here/, { timeout: 60_000 });
	const video = item.locator('video');
	await expect(video).toBeVisible({ timeout: 120_000 });
	await expect(
		item.getByRole('link', { name: /Download: internship-presentation\.mp4/ })
	).toBeVisible();
	expect(await storedFile(coach, 'receivedFiles')).toEqual({
		claimed: sha256,
		actual: sha256,
		size: SIZE
	});

	// Kept: after a reload the file is there without fetching it again.
	await coach.reload();
	await expect(
		coach
			.locator('[data-item]')
			.filter({ hasText: 'Presentation recording' })
			.getByRole('link', { name: /Download: internship-presentation\.mp4/ })
	).toBeVisible({ timeout: 20_000 });
	await learnerContext.close();
});

test('a recorded vlog is fetched by the coach, plays, and gets feedback at a moment', async ({
	browser
}) => {
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	await learner.clock.install();
	const link = await shareEvidence(learner, 'Vlog: first week', async () => {
		await recordVlog(learner, learner.getByRole('button', { name: 'Record a vlog' }), 2);
		await learner.getByRole('button', { name: 'Use this recording' }).click();
	});

	const coach = await coachOpens(browser, link);
	const item = coach.locator('[data-item]').filter({ hasText: 'Vlog: first week' });
	await item.getByRole('button', { name: 'Get from the learner' }).click();
	const video = item.locator('video');
	await expect(video).toBeVisible({ timeout: 30_000 });
	// It plays: the coach watches until a second in, and pauses there.
	const at = await video.evaluate(async (v: HTMLVideoElement) => {
		v.muted = true;
		await v.play();
		await new Promise<void>((resolve) => {
			const watch = () => {
				if (v.currentTime < 1) return;
				v.removeEventListener('timeupdate', watch);
				resolve();
			};
			v.addEventListener('timeupdate', watch);
		});
		v.pause();
		return v.currentTime;
	});
	expect(at).toBeGreaterThanOrEqual(1);

	await coach.getByLabel('Your name').fill('Kim Coach');
	await item.getByRole('button', { name: 'About this moment in the video' }).click();
	await expect(item.getByTestId('moment')).toHaveText(`At ${clock(at)}`);
	await item.getByRole('textbox', { name: 'Your feedback' }).fill('Good eye contact here.');
	await item.getByRole('button', { name: 'Send feedback' }).click();

	// The learner sees the comment with its moment, live.
	await learner.getByRole('link', { name: 'Evidence' }).first().click();
	await learner.getByRole('link', { name: 'Vlog: first week' }).click();
	await expect(learner.getByText('Good eye contact here.')).toBeVisible({ timeout: 20_000 });
	await expect(learner.getByRole('button', { name: `Play from ${clock(at)}` })).toBeVisible();

	// The learner answers the coach; the reply arrives in the coach's thread.
	await learner.getByRole('button', { name: 'Reply' }).click();
	await learner.getByRole('textbox', { name: 'Reply' }).fill('Thanks, I practised that.');
	await learner.getByRole('button', { name: 'Send reply' }).click();
	await expect(item.getByText('Thanks, I practised that.')).toBeVisible({ timeout: 20_000 });
	await expect(item.getByText('Sam Learner')).toBeVisible();

	// And keeps a note of their own about another moment; it stays on the device.
	const own = learner.locator('main video');
	await own.evaluate(async (v: HTMLVideoElement) => {
		if (v.readyState < 1)
			await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
		v.currentTime = 1;
		await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
	});
	await learner.getByRole('button', { name: 'About this moment in the video' }).click();
	await learner
		.getByRole('textbox', { name: 'A note for yourself (only you see it)' })
		.fill('Slow down here.');
	await learner.getByRole('button', { name: 'Add note' }).click();
	await expect(learner.getByText('Slow down here.')).toBeVisible();
	await own.evaluate((v: HTMLVideoElement) => (v.currentTime = 0));
	await learner
		.getByRole('listitem')
		.filter({ hasText: 'Slow down here.' })
		.getByRole('button', { name: 'Play from 0:01' })
		.click();
	await expect
		.poll(() => own.evaluate((v: HTMLVideoElement) => v.currentTime))
		.toBeGreaterThanOrEqual(1);
	// A reply sent after the note reaches the coach; the note, kept on the device, does not.
	await learner
		.getByRole('listitem')
		.filter({ hasText: 'Good eye contact here.' })
		.getByRole('button', { name: 'Reply' })
		.click();
	await learner.getByRole('textbox', { name: 'Reply' }).fill('I will slow down too.');
	await learner.getByRole('button', { name: 'Send reply' }).click();
	await expect(item.getByText('I will slow down too.')).toBeVisible({ timeout: 20_000 });
	await expect(item.getByText('Slow down here.')).toHaveCount(0);
	await learnerContext.close();
});
