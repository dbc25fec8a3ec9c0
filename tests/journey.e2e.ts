import { expect, test } from '@playwright/test';
import { open } from './helpers';

// A minimal valid PNG (1×1 pixel).
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

test('a learner keeps a goal with evidence, a report and a STARR reflection', async ({ page }) => {
	await open(page);
	await page.getByRole('link', { name: 'Set your first goal' }).click();

	// The goal, with the six elements.
	await page.getByLabel('Title', { exact: true }).fill('Give feedback to colleagues');
	await page.getByLabel('Description').fill('Clear and kind feedback in team meetings.');
	await page.getByLabel('Status').selectOption({ label: 'Active' });
	await page.getByLabel('Target date').fill('2027-06-30');
	await page.getByLabel('What: source').selectOption({ label: 'Professional norm' });
	await page.getByLabel('Why', { exact: true }).selectOption({ label: 'An existing task' });
	await page.getByLabel('Moment of need').selectOption({ label: 'Applying' });
	await page.getByLabel('Where', { exact: true }).selectOption({ label: 'In the work process' });
	await page.getByLabel('Context (place, team, situation)').fill('Ward 3 team');
	await page.getByLabel('How: direction').selectOption({ label: 'Self-directed' });
	await page.getByLabel('Presentation', { exact: true }).check();
	await page.getByLabel('Report', { exact: true }).check();
	await page.getByLabel('Who: pace').selectOption({ label: 'Steady' });
	await page.getByLabel('What you already master').fill('Giving compliments');
	await page.getByLabel('With whom').selectOption({ label: 'With a coach' });
	await page.getByLabel('Success criteria').fill('Three colleagues say it helped');
	await page.getByLabel('Tags').fill('communication, Team');
	await page.getByRole('button', { name: 'Create goal' }).click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Give feedback to colleagues');
	const elements = page.getByRole('complementary');
	for (const text of [
		'Professional norm',
		'An existing task · Applying',
		'In the work process · Ward 3 team',
		'Self-directed · Presentation, Report',
		'Steady · Giving compliments',
		'With a coach'
	])
		await expect(elements.getByText(text, { exact: true })).toBeVisible();
	const goalUrl = page.url();

	// Evidence with an uploaded file (the goal's first chosen format is preselected).
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await expect(page.getByLabel('Format')).toHaveValue('presentation');
	await page.getByLabel('Title', { exact: true }).fill('Slides of my team talk');
	await page.getByLabel('Date').fill('2027-01-10');
	await page.getByLabel('Add files').setInputFiles({
		name: 'talk-photo.png',
		mimeType: 'image/png',
		buffer: PNG
	});
	await expect(page.getByRole('list', { name: 'Files' })).toContainText('talk-photo.png');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Slides of my team talk');
	await expect(page.getByRole('img', { name: 'talk-photo.png' })).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download: talk-photo.png' }).click();
	const saved = await (await download).createReadStream();
	const chunks: Buffer[] = [];
	for await (const chunk of saved) chunks.push(chunk as Buffer);
	expect(Buffer.concat(chunks).equals(PNG)).toBe(true);

	// A report written in the app, with a live preview.
	await page.goto(goalUrl);
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Format').selectOption({ label: 'Report' });
	await page.getByLabel('Title', { exact: true }).fill('Report: feedback round');
	await page.getByLabel('Date').fill('2027-01-20');
	await page
		.getByRole('textbox', { name: 'Report' })
		.fill('# Findings\n\nI asked **three** colleagues.');
	const preview = page.getByRole('region', { name: 'Preview' });
	await expect(preview.getByRole('heading', { name: 'Findings' })).toBeVisible();
	await expect(preview.locator('strong')).toHaveText('three');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Report: feedback round');
	await expect(page.getByRole('heading', { name: 'Findings' })).toBeVisible();

	// A STARR reflection on the goal.
	await page.getByRole('link', { name: 'Give feedback to colleagues' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Give feedback to colleagues');
	await page.getByRole('link', { name: 'Reflect' }).click();
	await page.getByRole('radio', { name: /STARR/ }).check();
	await page.getByLabel('Date').fill('2027-02-01');
	await page.getByRole('textbox', { name: 'Situation' }).fill('Sprint review with the team.');
	await page.getByRole('textbox', { name: 'Task' }).fill('Give feedback on the demo.');
	await page.getByRole('textbox', { name: 'Action' }).fill('I named one strength first.');
	await page.getByRole('textbox', { name: 'Result' }).fill('They asked for more.');
	await page.getByRole('textbox', { name: 'Reflection' }).fill('Asking first works.');
	await page.getByRole('button', { name: 'Save reflection' }).click();

	// The timeline shows growth in date order, and everything survives a reload.
	await expect(page).toHaveURL(goalUrl);
	const expectTimeline = async () => {
		const items = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
		await expect(items).toHaveCount(3);
		await expect(items.nth(0)).toContainText('Slides of my team talk');
		await expect(items.nth(1)).toContainText('Report: feedback round');
		await expect(items.nth(2)).toContainText('Sprint review with the team.');
		await expect(items.nth(2)).toContainText('Asking first works.');
	};
	await expectTimeline();
	await page.reload();
	await expectTimeline();

	// Home shows the active goal and the recent work.
	await page.getByRole('link', { name: 'Home' }).click();
	await expect(page.getByRole('region', { name: 'Active goals' })).toContainText(
		'Give feedback to colleagues'
	);
	await expect(page.getByRole('region', { name: 'Recent evidence' })).toContainText(
		'Report: feedback round'
	);
	await expect(page.getByRole('region', { name: 'Recent reflections' })).toContainText(
		'Sprint review with the team.'
	);
});
