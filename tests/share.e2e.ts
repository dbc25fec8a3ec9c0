import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createGoal, holdScripts, messageKeysShown, open, trackOutsideRequests } from './helpers';

// A minimal valid PNG (1×1 pixel).
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

async function learnerWithShare(browser: Browser) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await createGoal(page, { title: 'Lead a team meeting', status: 'active' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Meeting notes');
	await page.getByRole('textbox', { name: 'Report' }).fill('We agreed on **three** actions.');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meeting notes');
	await page.getByRole('link', { name: 'Lead a team meeting' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lead a team meeting');
	await page.getByLabel(/A question for your coach/).fill('Is one meeting enough evidence?');
	await page.getByRole('button', { name: 'Ask' }).click();
	await expect(page.getByText('Is one meeting enough evidence?')).toBeVisible();
	await createGoal(page, { title: 'A private goal', status: 'active' });

	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('For my mentor');
	await page.getByLabel('Your name').fill('Sam Learner');
	await page.getByLabel('Lead a team meeting').check();
	await page.getByRole('button', { name: 'Create share' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('For my mentor');
	return { context, page };
}

async function giveFeedback(coach: Page, itemLabel: string, text: string) {
	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill(text);
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(coach.getByText(text)).toBeVisible();
	void itemLabel;
}

test('live: the coach reviews and responds, the learner sees it arrive, revoking stops updates', async ({
	browser
}) => {
	const learner = await learnerWithShare(browser);
	const outside = trackOutsideRequests(learner.page);
	const link = await learner.page.getByRole('textbox', { name: 'Live link' }).inputValue();
	expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open#k=live&r=[\w-]+&s=[\w-]{43}&c=[\w-]+$/);

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	const coachOutside = trackOutsideRequests(coach);
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible({
		timeout: 20_000
	});
	await expect(coach.getByRole('heading', { level: 1 })).toHaveText('For my mentor');
	await expect(coach.getByText('Shared by Sam Learner')).toBeVisible();
	await expect(coach.getByRole('heading', { name: 'Meeting notes' })).toBeVisible();
	await expect(coach.locator('strong', { hasText: 'three' })).toBeVisible();
	await expect(coach.getByText('A private goal')).toHaveCount(0);

	// Feedback needs a name first.
	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill('Nice goal.');
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(
		coach.getByText('Give your name, so the learner knows who wrote this.')
	).toBeVisible();
	await coach.getByLabel('Your name').fill('Kim Coach');
	await coach.getByLabel('Your role (optional)').fill('mentor');
	await giveFeedback(coach, 'goal', 'Clear goal. Add a date for the first meeting.');

	// It reaches the learner, marked as new.
	await expect(learner.page.getByText('Clear goal. Add a date for the first meeting.')).toBeVisible(
		{
			timeout: 15_000
		}
	);
	await expect(learner.page.getByText('Kim Coach, mentor')).toBeVisible();
	await expect(learner.page.getByRole('heading', { name: /1 new/ })).toBeVisible();

	// A sign-off.
	await coach.getByRole('button', { name: 'Sign off this goal' }).click();
	await coach.getByLabel('Your statement').fill('Kim led two meetings well.');
	await coach.getByRole('button', { name: 'Sign off', exact: true }).click();
	await expect(learner.page.getByText('Kim led two meetings well.')).toBeVisible({
		timeout: 15_000
	});

	// The learner's change reaches the coach.
	await learner.page.goto(learner.page.url().replace(/\/share\/.*/, '/goals'));
	await learner.page.getByRole('link', { name: 'Lead a team meeting' }).click();
	await learner.page.getByRole('link', { name: 'Edit' }).click();
	await learner.page.getByLabel('Title', { exact: true }).fill('Lead team meetings');
	await learner.page.getByRole('button', { name: 'Save changes' }).click();
	await expect(coach.getByRole('heading', { name: 'Lead team meetings' })).toBeVisible({
		timeout: 15_000
	});

	// The coach's copy stays when the learner is gone.
	await learner.context.close();
	await coach.reload();
	await expect(coach.getByRole('heading', { name: 'Lead team meetings' })).toBeVisible();
	await expect(coach.getByText('Clear goal. Add a date for the first meeting.')).toBeVisible();
	await open(coach, '/shared');
	await expect(coach.getByRole('link', { name: 'For my mentor' })).toBeVisible();

	expect(outside).toEqual([]);
	expect(coachOutside).toEqual([]);
	await coachContext.close();
});

/** The learner renames the shared goal, as they would, and waits until it is saved. */
async function renameGoal(page: Page, from: string, to: string) {
	await open(page, '/goals');
	await page.getByRole('link', { name: from }).click();
	await page.getByRole('link', { name: 'Edit' }).click();
	await page.getByLabel('Title', { exact: true }).fill(to);
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(to);
}

async function coachOpens(browser: Browser, link: string, title: string) {
	const context = await browser.newContext();
	const coach = await context.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: title })).toBeVisible({ timeout: 20_000 });
	return { context, coach };
}

test('revoking a share stops updates reaching an old link', async ({ browser }) => {
	const learner = await learnerWithShare(browser);
	const shareUrl = learner.page.url();
	const link = await learner.page.getByRole('textbox', { name: 'Live link' }).inputValue();
	const old = await coachOpens(browser, link, 'Lead a team meeting');
	// While the link is valid, a change reaches the coach.
	await renameGoal(learner.page, 'Lead a team meeting', 'Renamed before revoking');
	await expect(old.coach.getByRole('heading', { name: 'Renamed before revoking' })).toBeVisible({
		timeout: 15_000
	});

	await open(learner.page, new URL(shareUrl).pathname);
	await learner.page.getByRole('button', { name: 'New link' }).click();
	await expect(learner.page.getByRole('textbox', { name: 'Live link' })).not.toHaveValue(link);
	const newLink = await learner.page.getByRole('textbox', { name: 'Live link' }).inputValue();
	await renameGoal(learner.page, 'Renamed before revoking', 'Renamed after revoking');

	// The change was sent: it reaches the new link...
	const current = await coachOpens(browser, newLink, 'Renamed after revoking');
	// ...but not the old one.
	await expect(old.coach.getByText('Renamed after revoking')).toHaveCount(0);
	await expect(old.coach.getByRole('heading', { name: 'Renamed before revoking' })).toBeVisible();
	await learner.context.close();
	await old.context.close();
	await current.context.close();
});

test('snapshot link and reply link work with no server at all', async ({ browser }) => {
	const learner = await learnerWithShare(browser);
	await learner.page.getByRole('button', { name: 'Make snapshot link' }).click();
	const link = await learner.page.getByRole('textbox', { name: 'Snapshot link' }).inputValue();
	expect(link).toContain('#k=snap&');
	await expect(learner.page.getByText(/Link size: (\d+ bytes|[\d.]+ kB)/)).toBeVisible();

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible();
	await expect(coach.getByText('your feedback stays in this browser')).toBeVisible();
	await expect(coach.getByText('Is one meeting enough evidence?')).toBeVisible();
	await coach.getByLabel('Your name').fill('Pat Peer');
	await giveFeedback(coach, 'goal', 'Try a timer for each agenda item.');
	await coach.getByRole('button', { name: 'Make reply link (1 response)' }).click();
	const reply = await coach.getByRole('textbox', { name: 'Reply link' }).inputValue();
	expect(reply).toContain('#k=reply&');

	await learner.page.getByLabel('Paste the reply link your coach sent').fill(reply);
	await learner.page.getByRole('button', { name: 'Bring in the feedback' }).click();
	await expect(learner.page.getByText('1 new response.')).toBeVisible();
	await expect(learner.page.getByText('Try a timer for each agenda item.')).toBeVisible();
	// The same reply twice adds nothing.
	await learner.page.getByLabel('Paste the reply link your coach sent').fill(reply);
	await learner.page.getByRole('button', { name: 'Bring in the feedback' }).click();
	await expect(learner.page.getByText('No new responses (all were here already).')).toBeVisible();
	await expect(learner.page.getByText('Try a timer for each agenda item.')).toHaveCount(1);

	// The feedback also shows on the goal itself.
	await open(learner.page, '/goals');
	await learner.page.getByRole('link', { name: 'Lead a team meeting' }).click();
	await expect(learner.page.getByRole('heading', { level: 1 })).toHaveText('Lead a team meeting');
	await expect(
		learner.page
			.getByRole('region', { name: 'Feedback and notes' })
			.getByText('Try a timer for each agenda item.')
	).toBeVisible();

	// Opening the reply link itself works too.
	await learner.page.goto(reply);
	await expect(learner.page.getByRole('heading', { level: 1 })).toHaveText('Feedback received');
	await learner.context.close();
	await coachContext.close();
});

test('a share file and its key link, answered with a reply file', async ({ browser }) => {
	const learner = await learnerWithShare(browser);
	const shareUrl = learner.page.url();
	// Evidence with a photo, which travels inside the share file.
	await open(learner.page, '/evidence/new');
	await learner.page.getByLabel('Title', { exact: true }).fill('Whiteboard photo');
	await learner.page.getByLabel('Lead a team meeting').check();
	await learner.page.getByLabel('Add files').setInputFiles({
		name: 'whiteboard.png',
		mimeType: 'image/png',
		buffer: PNG
	});
	await learner.page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(learner.page.getByRole('heading', { level: 1 })).toHaveText('Whiteboard photo');
	await learner.page.goto(shareUrl);
	await learner.page.getByLabel('Include the files (up to 25 MB)').check();
	const fileDownload = learner.page.waitForEvent('download');
	await learner.page.getByRole('button', { name: 'Download share file' }).click();
	const sharePath = (await (await fileDownload).path())!;
	expect(readFileSync(sharePath, 'utf8')).not.toContain('Lead a team meeting');
	const keyLink = await learner.page
		.getByRole('textbox', { name: 'Key link for the file' })
		.inputValue();
	expect(keyLink).toContain('#k=file&');

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(keyLink);
	// Another file is refused with a clear message.
	await coach.getByLabel('Choose the share file').setInputFiles({
		name: 'notes.koers',
		mimeType: 'application/json',
		buffer: Buffer.from('{"hello":"world"}')
	});
	await expect(coach.getByRole('alert')).toHaveText('This is not a Koers share file.');
	await coach.goto('about:blank');
	await coach.goto(keyLink);
	await coach.getByLabel('Choose the share file').setInputFiles(sharePath);
	await expect(coach.getByRole('heading', { name: 'Lead a team meeting' })).toBeVisible();
	await expect(coach.getByRole('img', { name: 'whiteboard.png' })).toBeVisible();
	const photo = coach.waitForEvent('download');
	await coach.getByRole('link', { name: 'Download: whiteboard.png' }).click();
	expect(readFileSync((await (await photo).path())!).equals(PNG)).toBe(true);
	await coach.getByLabel('Your name').fill('Kim Coach');
	await giveFeedback(coach, 'goal', 'Good evidence, by file.');
	const replyDownload = coach.waitForEvent('download');
	await coach.getByRole('button', { name: 'Download reply file' }).click();
	const replyPath = (await (await replyDownload).path())!;

	await learner.page.getByLabel('Or choose a reply file').setInputFiles(replyPath);
	await expect(learner.page.getByText('1 new response.')).toBeVisible();
	await expect(learner.page.getByText('Good evidence, by file.')).toBeVisible();
	await learner.context.close();
	await coachContext.close();
});

test('a live share of 1,000 items arrives complete', async ({ browser }) => {
	test.setTimeout(120_000);
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	// The goals page opens the database (a first visit's start page leaves it unopened).
	await open(learner, '/goals');
	const room = `bigroom${Date.now()}`;
	const secret = 'B'.repeat(43);
	await learner.evaluate(
		async ({ room, secret }) => {
			const db = await new Promise<IDBDatabase>((resolve) => {
				const request = indexedDB.open('koers');
				request.onsuccess = () => resolve(request.result);
			});
			const stamp = new Date().toISOString();
			const tx = db.transaction(['goals', 'evidence', 'shares'], 'readwrite');
			for (let g = 0; g < 50; g++)
				tx.objectStore('goals').put({
					id: `g${g}`,
					title: `Goal ${g}`,
					description: 'A goal.',
					source: null,
					reason: null,
					momentOfNeed: null,
					setting: null,
					settingContext: '',
					direction: null,
					formats: [],
					pace: null,
					priorKnowledge: '',
					companion: null,
					targetDate: null,
					status: 'active',
					successCriteria: [],
					tags: [],
					archivedAt: null,
					createdAt: stamp,
					updatedAt: stamp
				});
			for (let i = 0; i < 950; i++)
				tx.objectStore('evidence').put({
					id: `e${i}`,
					format: 'report',
					title: `Evidence ${i}`,
					date: '2026-05-01',
					description: 'What I did.',
					body: 'Some text about the work, a few sentences long.'.repeat(4),
					url: null,
					goalIds: [`g${i % 50}`],
					tags: [],
					createdAt: stamp,
					updatedAt: stamp
				});
			tx.objectStore('shares').put({
				id: 'big',
				title: 'Everything',
				owner: 'Sam',
				selection: { kind: 'all' },
				room,
				secret,
				expiresAt: null,
				revokedAt: null,
				createdAt: stamp,
				updatedAt: stamp
			});
			await new Promise((resolve) => (tx.oncomplete = resolve));
			db.close();
		},
		{ room, secret }
	);
	await open(learner, '/share/big');

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(`/open#k=live&r=${room}&s=${secret}`);
	await expect(coach.locator('main section.evidence')).toHaveCount(950, { timeout: 60_000 });
	await expect(coach.getByRole('heading', { level: 2, name: /^Goal \d+$/ })).toHaveCount(50);
	await learnerContext.close();
	await coachContext.close();
});

test('a PE audit view is shared with its rules and activities', async ({ browser }) => {
	const context = await browser.newContext();
	const learner = await context.newPage();
	await open(learner, '/pe/registers/new?template=vv');
	await learner.getByLabel('Cycle starts on').fill('2026-01-01');
	await learner.getByRole('button', { name: 'Add register' }).click();
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Kwaliteitsregister V&V');
	await open(learner, '/pe/activities/new');
	await learner.getByLabel('Title', { exact: true }).fill('Wound care');
	await learner.getByLabel('Date', { exact: true }).fill('2026-03-10');
	await learner.getByLabel('Kwaliteitsregister V&V').check();
	await learner.getByLabel('Points').fill('12');
	await learner.getByRole('button', { name: 'Save activity' }).click();
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Wound care');

	await open(learner, '/share/new');
	await learner.getByLabel('Name of this share').fill('For the register audit');
	await learner.getByLabel('Kwaliteitsregister V&V').check();
	await learner.getByRole('button', { name: 'Create share' }).click();
	await learner.getByRole('button', { name: 'Make snapshot link' }).click();
	const link = await learner.getByRole('textbox', { name: 'Snapshot link' }).inputValue();

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	// With the database's code held back the app's other messages cannot load (they follow the
	// database in use): the register's view comes with its own.
	const { held, release } = await holdScripts(coach, 'Dexie');
	await coach.goto(link);
	const view = coach.getByRole('article', { name: 'Kwaliteitsregister V&V' });
	await expect(view).toBeVisible();
	await expect(view.getByRole('row', { name: /Total 184 points 12 points No/ })).toBeVisible();
	await expect(view.getByRole('row', { name: /Wound care/ })).toContainText('Geaccrediteerd');
	await expect.poll(() => held.length).toBeGreaterThan(0);
	expect(await messageKeysShown(coach)).toEqual([]);
	release();
	await context.close();
	await coachContext.close();
});

test('broken and tampered links give a clear error and store nothing', async ({ page }) => {
	await page.goto('/open#k=live&r=short');
	await expect(page.getByRole('alert')).toContainText('This is not a complete Koers link');
	const secret = 'A'.repeat(43);
	await page.goto(`/open#k=snap&i=abc&s=${secret}&d=${'B'.repeat(64)}`);
	await page.reload();
	await expect(page.getByRole('alert')).toContainText('could not be decrypted');
	await open(page, '/shared');
	await expect(page.getByRole('heading', { name: 'Nothing shared with you yet' })).toBeVisible();
});
