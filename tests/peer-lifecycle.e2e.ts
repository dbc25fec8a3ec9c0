import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BUILD_DIR } from '../playwright.config';
import { createGoal, holdAppEntry, open } from './helpers';

const CANARY = 'CANARY-PEER-7Q';

/** Every text frame a page sends or receives on its signaling WebSockets, parsed. */
function signalingFrames(page: Page) {
	const frames: { dir: 'sent' | 'received'; message: Record<string, unknown> }[] = [];
	page.on('websocket', (socket) => {
		const add = (dir: 'sent' | 'received') => (frame: { payload: string | Buffer }) => {
			try {
				frames.push({ dir, message: JSON.parse(frame.payload.toString()) });
			} catch {
				frames.push({ dir, message: { unparsed: frame.payload.toString() } });
			}
		};
		socket.on('framesent', add('sent'));
		socket.on('framereceived', add('received'));
	});
	return frames;
}

async function learnerShares(browser: Browser, title: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const frames = signalingFrames(page);
	await createGoal(page, { title, status: 'active' });
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('Peer test');
	await page.getByLabel(title).check();
	await page.getByRole('button', { name: 'Create share' }).click();
	const link = await page.getByRole('textbox', { name: 'Live link' }).inputValue();
	const room = new URL(link).hash.match(/r=([\w-]+)/)![1]!;
	return { context, page, frames, link, room, shareUrl: page.url() };
}

async function renameGoal(page: Page, from: string, to: string) {
	await open(page, '/goals');
	await page.getByRole('link', { name: from }).click();
	await page.getByRole('link', { name: 'Edit' }).click();
	await page.getByLabel('Title', { exact: true }).fill(to);
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(to);
}

test('stopping a share unsubscribes at once and never announces the learner again', async ({
	browser
}) => {
	const learner = await learnerShares(browser, 'Goal before stop');
	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(learner.link);
	await expect(coach.getByRole('heading', { name: 'Goal before stop' })).toBeVisible({
		timeout: 20_000
	});
	// Positive control: while shared, the learner is online and an edit arrives.
	await expect(coach.getByText('Live: the learner is online')).toBeVisible({ timeout: 15_000 });
	await renameGoal(learner.page, 'Goal before stop', 'Edit while shared');
	await expect(coach.getByRole('heading', { name: 'Edit while shared' })).toBeVisible({
		timeout: 15_000
	});

	await learner.page.goto(learner.shareUrl);
	// The reload left the room and joined it anew: only a coach met in this visit hears the bye.
	await expect(learner.page.getByText('1 person is looking now')).toBeVisible({ timeout: 15_000 });
	await learner.page.getByRole('button', { name: 'Stop sharing' }).click();
	// The learner said bye: the coach no longer claims that feedback arrives right away, says
	// that sharing stopped, keeps what it saw and offers no feedback that could not arrive.
	await expect(coach.getByText('The learner stopped sharing.')).toBeVisible();
	await expect(coach.getByText('Live: the learner is online')).toHaveCount(0);
	await expect(coach.getByRole('heading', { name: 'Edit while shared' })).toBeVisible();
	await expect(coach.getByRole('button', { name: 'Send feedback' })).toHaveCount(0);
	await expect
		.poll(() =>
			learner.frames.some(
				({ dir, message }) =>
					dir === 'sent' &&
					message.type === 'unsubscribe' &&
					(message.topics as string[]).includes(learner.room)
			)
		)
		.toBe(true);
	const stoppedAt = learner.frames.length;

	// An edit after the stop, and a reload (when the app starts publishing again), announce nothing.
	await renameGoal(learner.page, 'Edit while shared', 'Edit after stop');
	await learner.page.reload();
	await expect(learner.page.getByRole('heading', { level: 1 })).toHaveText('Edit after stop');
	const after = learner.frames.slice(stoppedAt).filter(({ dir }) => dir === 'sent');
	expect(
		after.filter(({ message }) =>
			message.type === 'publish'
				? message.topic === learner.room
				: message.type === 'subscribe' && (message.topics as string[]).includes(learner.room)
		)
	).toEqual([]);
	await expect(coach.getByRole('heading', { name: 'Edit while shared' })).toBeVisible();
	await expect(coach.getByText('Edit after stop')).toHaveCount(0);

	// The coach opens the link again (the learner's app open, not publishing it): the page still
	// says that sharing stopped and offers no feedback, and the inbox lists it as stopped.
	await coach.reload();
	await expect(coach.getByRole('heading', { name: 'Edit while shared' })).toBeVisible();
	await expect(coach.getByText('The learner stopped sharing.')).toBeVisible();
	await expect(coach.getByText(/your feedback .* reaches the learner/)).toHaveCount(0);
	await expect(coach.getByRole('button', { name: 'Send feedback' })).toHaveCount(0);
	await open(coach, '/shared');
	await expect(coach.getByRole('main').getByRole('listitem')).toContainText(
		'stopped by the learner'
	);
	await learner.context.close();
	await coachContext.close();
});

test('every signaling payload is sealed: no JSON, no text, no canary', async ({ browser }) => {
	const learner = await learnerShares(browser, `Goal ${CANARY}`);
	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	const coachFrames = signalingFrames(coach);
	await coach.goto(learner.link);
	await expect(coach.getByRole('heading', { name: `Goal ${CANARY}` })).toBeVisible({
		timeout: 20_000
	});
	await coach.getByLabel('Your name').fill('Kim');
	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill(`Note ${CANARY}`);
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(learner.page.getByText(`Note ${CANARY}`)).toBeVisible({ timeout: 15_000 });

	const frames = [...learner.frames, ...coachFrames].map(({ message }) => message);
	const publishes = frames.filter((m) => m.type === 'publish');
	// Announces, offers, answers and ICE candidates all went through the server...
	expect(publishes.length).toBeGreaterThan(4);
	expect(frames.filter((m) => 'unparsed' in m)).toEqual([]);
	for (const message of publishes) {
		expect(message.topic).toBe(learner.room);
		// ...each as base64url ciphertext: it decodes to bytes that are neither JSON nor text.
		expect(message.data).toMatch(/^[A-Za-z0-9_-]{40,}$/);
		const bytes = Buffer.from(message.data as string, 'base64url');
		const text = bytes.toString('latin1');
		expect(() => JSON.parse(bytes.toString('utf8'))).toThrow();
		expect(text).not.toContain(CANARY);
		// (Words long enough that random ciphertext never spells them.)
		expect(text).not.toMatch(/candidate|announce|"offer"|"answer"|"sdp"|a=fingerprint/);
		// Ciphertext: far more distinct bytes than any text would use.
		if (bytes.length >= 256) expect(new Set(bytes).size).toBeGreaterThan(120);
	}
	await learner.context.close();
	await coachContext.close();
});

test('a learner whose signaling connection dropped sees it, and is found again once back', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	const sockets: { close(): Promise<void> }[] = [];
	const connecting = page.getByText(
		'Connecting… coaches can open the link once this page is online.'
	);
	const live = page.getByText('No one is connected right now.');
	// The learner's page reaches the real server through a route that the test can cut; while
	// cut, what answers is no server (it takes the connection and relays nothing).
	let through = true;
	await page.routeWebSocket(/:4444/, (socket) => {
		if (through) socket.connectToServer();
		sockets.push(socket);
	});
	await createGoal(page, { title: 'Goal across a drop', status: 'active' });
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('Drop test');
	await page.getByLabel('Goal across a drop').check();
	await page.getByRole('button', { name: 'Create share' }).click();
	const link = await page.getByRole('textbox', { name: 'Live link' }).inputValue();
	// Positive control: through the server, the learner's page says the link finds it.
	await expect(live).toBeVisible({ timeout: 15_000 });
	await expect(connecting).toHaveCount(0);

	// The network drops: the connection closes, and the one that follows reaches no server.
	through = false;
	for (const socket of sockets.splice(0)) await socket.close();
	await expect.poll(() => sockets.length, { timeout: 15_000 }).toBeGreaterThan(0);
	await expect(connecting).toBeVisible();
	await expect(live).toHaveCount(0);

	// The network is back: it reconnects by itself, says so, and a coach who arrives finds it.
	through = true;
	for (const socket of sockets.splice(0)) await socket.close();
	await expect(live).toBeVisible({ timeout: 15_000 });
	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Goal across a drop' })).toBeVisible({
		timeout: 20_000
	});
	await expect(coach.getByText('Live: the learner is online')).toBeVisible();
	await context.close();
	await coachContext.close();
});

test('a live link meets the learner while the app’s code still loads, and the app carries on with that one connection', async ({
	browser
}) => {
	const learner = await learnerShares(browser, 'Goal met early');
	await expect(learner.page.getByText('No one is connected right now.')).toBeVisible();
	// The module the page runs before the app for a live link (src/lib/sync/live-start.ts).
	const views = JSON.parse(
		readFileSync(`${BUILD_DIR}/index.html`, 'utf8').match(
			/<script type="application\/json" id="first-screen-preloads">([^<]*)</
		)![1]!
	) as Record<string, Record<string, string[]>>;
	const liveStart = views['/open']!.liveStart![0]!;
	/** A coach's page whose app code (SvelteKit's entry) is held back until `release`. */
	const heldCoach = async (link: string) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		const sockets: string[] = [];
		page.on('websocket', (socket) => sockets.push(socket.url()));
		const release = await holdAppEntry(page);
		await page.goto(link, { waitUntil: 'commit' });
		/** The share databases this page made, once the live link's module has run. */
		const shareDatabases = async () => {
			await page.evaluate((url) => import(url), liveStart);
			const names = await page.evaluate(async () =>
				(await indexedDB.databases()).map((database) => database.name ?? '')
			);
			return names.filter((name) => name.startsWith('koers-share-'));
		};
		return { context, page, sockets, release, shareDatabases };
	};

	// With no code of the app run, the coach's page already met the learner.
	const coach = await heldCoach(learner.link);
	await expect(learner.page.getByText('1 person is looking now')).toBeVisible({ timeout: 15_000 });
	expect(coach.sockets.length).toBe(1);
	expect(await coach.shareDatabases()).toEqual([`koers-share-${learner.room}`]);
	coach.release();
	await expect(coach.page.getByRole('heading', { name: 'Goal met early' })).toBeVisible();
	await expect(coach.page.getByText('Live: the learner is online')).toBeVisible();
	// Feedback travels on the app's connection. Had the app opened one of its own beside the
	// early one, the learner would have met a second peer before it arrived.
	await coach.page.getByLabel('Your name').fill('Kim');
	await coach.page
		.getByRole('textbox', { name: 'Your feedback' })
		.first()
		.fill('Noted on the early link');
	await coach.page.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(learner.page.getByText('Noted on the early link', { exact: true })).toBeVisible({
		timeout: 15_000
	});
	await expect(learner.page.getByText('1 person is looking now')).toBeVisible();
	await coach.context.close();

	// A link with one changed character starts nothing, before the app runs or after it refused
	// the link: no signaling connection and no share database (the control above had both).
	const changed = learner.link.replace(
		/(&s=)(.)/,
		(_, key: string, first: string) => key + (first === 'A' ? 'B' : 'A')
	);
	expect(changed).not.toBe(learner.link);
	const tampered = await heldCoach(changed);
	expect(await tampered.shareDatabases()).toEqual([]);
	tampered.release();
	await expect(tampered.page.getByText('This link was changed on the way')).toBeVisible();
	expect(await tampered.shareDatabases()).toEqual([]);
	expect(tampered.sockets).toEqual([]);
	await tampered.context.close();
	await learner.context.close();
});
