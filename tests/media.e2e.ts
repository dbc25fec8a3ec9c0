import { expect, test } from '@playwright/test';
import { clock } from '../src/lib/media/recording';
import { createGoal, open, recordVlog, waitForServiceWorker } from './helpers';

test('record a vlog with the camera, keep it, and play it back after a reload', async ({
	page
}) => {
	await page.clock.install();
	await open(page, '/evidence/new');
	await page.getByLabel('Title', { exact: true }).fill('Vlog: my first handover');
	await recordVlog(page, page.getByRole('button', { name: 'Record a vlog' }), 2);
	await expect(page.getByTestId('recording-facts')).toContainText(/vlog .*\.webm · 0:02/);

	// Retake, then use the second take.
	await recordVlog(page, page.getByRole('button', { name: 'Record again' }), 1);
	await page.getByRole('button', { name: 'Use this recording' }).click();
	await expect(page.getByRole('list', { name: 'Files' })).toContainText(/vlog .*\.webm/);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vlog: my first handover');

	await page.reload();
	const video = page.locator('video');
	await expect(video).toBeVisible();
	// The duration shown is the stored file's own (WebM from MediaRecorder carries none at first).
	await expect(page.getByTestId('video-duration')).toHaveText(/^\d+:\d\d$/, { timeout: 15_000 });
	const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
	expect(duration).toBeGreaterThanOrEqual(1);
	await expect(page.getByTestId('video-duration')).toHaveText(clock(duration));
	// It plays: time advances from the stored file.
	await video.evaluate((v: HTMLVideoElement) => {
		v.muted = true;
		return v.play();
	});
	await expect
		.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime))
		.toBeGreaterThan(0.2);
	expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
	const poster = await video.getAttribute('poster');
	expect(poster).toMatch(/^data:image\/jpeg;base64,/);
});

test('a file shared to the installed app from another app becomes new evidence', async ({
	page
}) => {
	const png = Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
		'base64'
	);
	await open(page, '/');
	await waitForServiceWorker(page);
	// What the phone's share sheet does: a multipart POST to the manifest's share_target.
	const manifest = await (await page.request.get('/manifest.webmanifest')).json();
	expect(manifest.share_target).toMatchObject({ action: 'share-target', method: 'POST' });
	await page.evaluate(() => {
		const form = document.createElement('form');
		form.method = 'POST';
		form.action = '/share-target';
		form.enctype = 'multipart/form-data';
		form.innerHTML =
			'<input type="file" name="files" id="shared-files"><input name="title" value="Wound care photo">';
		document.body.append(form);
	});
	await page.setInputFiles('#shared-files', {
		name: 'wound.png',
		mimeType: 'image/png',
		buffer: png
	});
	await page.evaluate(() =>
		(document.querySelector('form[action="/share-target"]') as HTMLFormElement).submit()
	);
	await expect(page).toHaveURL(/\/evidence\/new\?shared=1$/);
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Wound care photo');
	await expect(page.getByLabel('Format')).toHaveValue('photo');
	await expect(page.getByRole('list', { name: 'Files' })).toContainText('wound.png');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wound care photo');
	await expect(page.getByRole('img', { name: 'wound.png' })).toBeVisible();
	// The inbox is emptied once taken.
	expect(await page.evaluate(() => caches.has('shared-inbox'))).toBe(false);
});

test('a coach comments at a moment in a vlog; the learner clicks it and the video seeks there', async ({
	browser
}) => {
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	await learner.clock.install();
	await createGoal(learner, { title: 'Presenteren', status: 'active' });
	await learner.getByRole('link', { name: 'Add evidence' }).click();
	await expect(learner.getByRole('heading', { level: 1 })).toBeVisible();
	await learner.getByLabel('Title', { exact: true }).fill('Vlog van mijn pitch');
	await recordVlog(learner, learner.getByRole('button', { name: 'Record a vlog' }), 3);
	await learner.getByRole('button', { name: 'Use this recording' }).click();
	await learner.getByRole('button', { name: 'Save evidence' }).click();
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Vlog van mijn pitch');
	const evidenceUrl = learner.url();

	await open(learner, '/share/new');
	await learner.getByLabel('Name of this share').fill('Pitch');
	await learner.getByLabel('Your name').fill('Sam');
	await learner.getByLabel('Presenteren').check();
	await learner.getByRole('button', { name: 'Create share' }).click();
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Pitch');
	const shareUrl = learner.url();
	await learner.getByLabel('Include the files (up to 25 MB)').check();
	const download = learner.waitForEvent('download');
	await learner.getByRole('button', { name: 'Download share file' }).click();
	const sharePath = (await (await download).path())!;
	const keyLink = await learner
		.getByRole('textbox', { name: 'Key link for the file' })
		.inputValue();

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(keyLink);
	await coach.getByLabel('Choose the share file').setInputFiles(sharePath);
	const item = coach.locator('[data-item]').filter({ hasText: 'Vlog van mijn pitch' });
	const video = item.locator('video');
	await expect(video).toBeVisible();
	await video.evaluate(async (v: HTMLVideoElement) => {
		if (v.readyState < 1)
			await new Promise((r) => v.addEventListener('loadedmetadata', r, { once: true }));
		v.currentTime = 1.5;
		await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
	});
	await coach.getByLabel('Your name').fill('Kim Coach');
	await item.getByRole('button', { name: 'About this moment in the video' }).click();
	await expect(item.getByTestId('moment')).toHaveText('At 0:01');
	await item
		.getByRole('textbox', { name: 'Your feedback' })
		.fill('Hier kijk je weg van de camera.');
	await item.getByRole('button', { name: 'Send feedback' }).click();
	await expect(item.getByRole('button', { name: 'Play from 0:01' })).toBeVisible();
	const reply = coach.waitForEvent('download');
	await coach.getByRole('button', { name: 'Download reply file' }).click();
	const replyPath = (await (await reply).path())!;

	await learner.goto(shareUrl);
	await learner.getByLabel('Or choose a reply file').setInputFiles(replyPath);
	await expect(learner.getByText('1 new response.')).toBeVisible();
	await learner.goto(evidenceUrl);
	await expect(learner.getByText('Hier kijk je weg van de camera.')).toBeVisible();
	await learner.getByRole('button', { name: 'Play from 0:01' }).click();
	await expect
		.poll(() =>
			learner.locator('main figure video').evaluate((v: HTMLVideoElement) => v.currentTime)
		)
		.toBeGreaterThanOrEqual(1.4);
	await learnerContext.close();
	await coachContext.close();
});
