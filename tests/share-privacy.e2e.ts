import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import { createGoal, open } from './helpers';

const CANARY = 'CANARY-QX7-do-not-leak';

/** Records every WebSocket frame and HTTP request of a page, as text. */
function recordTraffic(page: Page): string[] {
	const seen: string[] = [];
	page.on('request', (request) => seen.push(`${request.url()} ${request.postData() ?? ''}`));
	page.on('websocket', (socket) => {
		seen.push(`ws ${socket.url()}`);
		const add = (frame: { payload: string | Buffer }) => seen.push(frame.payload.toString());
		socket.on('framesent', add);
		socket.on('framereceived', add);
	});
	return seen;
}

async function shareGoal(page: Page, title: string) {
	await createGoal(page, { title, status: 'active' });
	const goalId = page.url().split('/goals/')[1]!;
	await open(page, '/share/new');
	await page.getByLabel('Name of this share').fill('Private test');
	await page.getByLabel(title).check();
	await page.getByRole('button', { name: 'Create share' }).click();
	const link = await page.getByRole('textbox', { name: 'Live link' }).inputValue();
	return { goalId, link };
}

test('no plaintext of the portfolio or the feedback crosses the network', async ({ browser }) => {
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	const learnerTraffic = recordTraffic(learner);
	const { link } = await shareGoal(learner, `Goal ${CANARY}`);

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	const coachTraffic = recordTraffic(coach);
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: `Goal ${CANARY}` })).toBeVisible({
		timeout: 20_000
	});
	await coach.getByLabel('Your name').fill('Kim');
	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill(`Feedback ${CANARY}`);
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(learner.getByText(`Feedback ${CANARY}`)).toBeVisible({ timeout: 15_000 });

	const traffic = [...learnerTraffic, ...coachTraffic];
	// The data did travel, through the signaling server as well...
	expect(traffic.filter((t) => t.startsWith('ws ws://127.0.0.1:4444')).length).toBe(2);
	expect(traffic.filter((t) => t.includes('"publish"')).length).toBeGreaterThan(0);
	// ...but nothing that was sent or received carries the canary, or the secret.
	const secret = new URL(link).hash.match(/s=([\w-]+)/)![1]!;
	expect(traffic.filter((t) => t.includes('CANARY'))).toEqual([]);
	expect(traffic.filter((t) => t.includes(secret))).toEqual([]);
	await learnerContext.close();
	await coachContext.close();
});

test('a coach who tampers with the shared content cannot change the learner’s data', async ({
	browser
}) => {
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	const { goalId, link } = await shareGoal(learner, 'Honest goal');
	const room = new URL(link).hash.match(/r=([\w-]+)/)![1]!;

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Honest goal' })).toBeVisible({
		timeout: 20_000
	});

	// A hostile coach writes their own version of the learner's goal into their copy of the
	// document, after (causally) the learner's: without the learner's app putting its content
	// back, this version would win everywhere.
	const stored = await coach.evaluate(async (room) => {
		const db = await new Promise<IDBDatabase>((resolve) => {
			const request = indexedDB.open(`koers-share-${room}`);
			request.onsuccess = () => resolve(request.result);
		});
		const all = await new Promise<Uint8Array[]>((resolve) => {
			const request = db.transaction('updates').objectStore('updates').getAll();
			request.onsuccess = () => resolve(request.result as Uint8Array[]);
		});
		db.close();
		return all.map((u) => Array.from(u));
	}, room);
	const hostile = new Y.Doc();
	for (const u of stored) Y.applyUpdate(hostile, new Uint8Array(u));
	// Each item is kept as its JSON text (sync/share-doc.ts).
	const kept = hostile.getMap<string>('content').get(goalId)!;
	expect(JSON.parse(kept)).toMatchObject({ title: 'Honest goal' });
	const before = Y.encodeStateVector(hostile);
	hostile.getMap('content').set(
		goalId,
		JSON.stringify({
			kind: 'goal',
			id: goalId,
			title: 'HACKED by the coach',
			description: '',
			status: 'dropped',
			targetDate: null,
			successCriteria: [],
			updatedAt: '2099-01-01T00:00:00.000Z'
		})
	);
	const update = Array.from(Y.encodeStateAsUpdate(hostile, before));
	await coach.evaluate(
		async ({ room, update }) => {
			const db = await new Promise<IDBDatabase>((resolve) => {
				const request = indexedDB.open(`koers-share-${room}`);
				request.onsuccess = () => resolve(request.result);
			});
			const tx = db.transaction('updates', 'readwrite');
			tx.objectStore('updates').add(new Uint8Array(update));
			await new Promise((resolve) => (tx.oncomplete = resolve));
			db.close();
		},
		{ room, update }
	);
	await coach.reload();

	// The learner's app puts its own content back; its database never took the change.
	await expect(coach.getByRole('heading', { name: 'Honest goal' })).toBeVisible({
		timeout: 15_000
	});
	await expect(coach.getByText('HACKED by the coach')).toHaveCount(0);
	await open(learner, `/goals/${goalId}`);
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Honest goal');
	await expect(learner.getByText('Active', { exact: true })).toBeVisible();
	await learnerContext.close();
	await coachContext.close();
});
