import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createGroup, forge, joinGroup, shareGoal, work } from './group-helpers';
import { open } from './helpers';

/**
 * Learning groups with three learners in three browsers and the real signaling server: they join,
 * share, see each other's work and give feedback; a forged contribution is not believed; a
 * removed member gets nothing new.
 */

const WAIT = { timeout: 30_000 };

/** Serious or critical axe findings on the page as it is now. */
async function axe(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
		.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function learner(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	return context.newPage();
}

test('three learners join, share, see each other’s work and give each other feedback', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const [anna, bram, cas] = await Promise.all([
		learner(browser),
		learner(browser),
		learner(browser)
	]);
	const invite = await createGroup(anna, 'Intervision North', 'Anna');
	await bram.goto(invite);
	await expect(bram.getByLabel('Your name in this group')).toBeVisible();
	expect(await axe(bram)).toEqual([]);
	await joinGroup(bram, invite, 'Intervision North', 'Bram');
	await joinGroup(cas, invite, 'Intervision North', 'Cas');

	// Everyone sees everyone, online, with the creator's name and purpose.
	for (const page of [anna, bram, cas]) {
		await expect(page.getByText('2 other members online')).toBeVisible(WAIT);
		for (const name of ['Anna', 'Bram', 'Cas'])
			await expect(page.locator('.members strong', { hasText: name })).toBeVisible(WAIT);
		await expect(page.getByText('Feedback on our presentations')).toBeVisible();
	}

	await shareGoal(anna, 'Intervision North', 'Present with confidence');
	await shareGoal(bram, 'Intervision North', 'Lead a retrospective');
	for (const page of [anna, bram, cas]) {
		await expect(work(page, 'Present with confidence')).toBeVisible(WAIT);
		await expect(work(page, 'Lead a retrospective')).toBeVisible(WAIT);
	}

	// Bram gives Anna feedback; Anna answers in the thread; Cas reads both.
	const annaGoalAtBram = work(bram, 'Present with confidence');
	await annaGoalAtBram.getByRole('button', { name: 'Give feedback' }).click();
	await annaGoalAtBram.getByLabel('Your feedback').fill('Start with a story, it works for you.');
	await annaGoalAtBram.getByRole('button', { name: 'Send' }).click();
	const annaGoal = work(anna, 'Present with confidence');
	await expect(annaGoal.getByText('Start with a story, it works for you.')).toBeVisible(WAIT);
	await annaGoal.getByRole('button', { name: 'Reply' }).click();
	await annaGoal.getByLabel('Reply').fill('Thanks, I will try that on Friday.');
	await annaGoal.getByRole('button', { name: 'Send' }).first().click();
	const atCas = work(cas, 'Present with confidence');
	await expect(atCas.getByText('Start with a story, it works for you.')).toBeVisible(WAIT);
	await expect(atCas.getByText('Thanks, I will try that on Friday.')).toBeVisible(WAIT);
	await expect(
		work(bram, 'Present with confidence').getByText('Thanks, I will try that on Friday.')
	).toBeVisible(WAIT);
	// Who wrote it comes from the signature, not from anything the writer typed.
	await expect(atCas.locator('[data-comment] strong', { hasText: 'Bram' })).toBeVisible();

	// Axe, light and dark, on a page with work, threads and an open form; and the join page.
	await annaGoalAtBram.getByRole('button', { name: 'Give feedback' }).click();
	expect(await axe(bram)).toEqual([]);
	await cas.emulateMedia({ colorScheme: 'dark' });
	expect(await axe(cas)).toEqual([]);

	// What changed since the last visit: Cas is away while Bram shares more.
	await open(cas, '/groups');
	await shareGoal(bram, 'Intervision North', 'Plan a workshop');
	await cas.getByRole('link', { name: 'Intervision North' }).click();
	await expect(work(cas, 'Plan a workshop')).toBeVisible(WAIT);
	await expect(
		cas.getByText('Since your last visit: 1 new or changed item and no new comments.')
	).toBeVisible();
	await expect(work(cas, 'Plan a workshop').getByText('new', { exact: true })).toBeVisible();
	await expect(work(cas, 'Lead a retrospective').getByText('new', { exact: true })).toHaveCount(0);

	// Offline: what was received shows from the database.
	await cas.context().setOffline(true);
	await cas.reload();
	await expect(work(cas, 'Lead a retrospective')).toBeVisible();
	await expect(
		work(cas, 'Present with confidence').getByText('Thanks, I will try that on Friday.')
	).toBeVisible();
	await cas.context().setOffline(false);

	await Promise.all([anna, bram, cas].map((page) => page.context().close()));
});

/** The member id a page shows for a name (from the members list). */
const memberId = (page: Page, name: string) =>
	page
		.locator('.members li', { has: page.locator('strong', { hasText: name }) })
		.getAttribute('data-member');

test('a forged item or comment is not believed, and a removed member gets nothing new', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const [anna, bram, cas] = await Promise.all([
		learner(browser),
		learner(browser),
		learner(browser)
	]);
	const invite = await createGroup(anna, 'Peer review', 'Anna');
	await joinGroup(bram, invite, 'Peer review', 'Bram');
	await joinGroup(cas, invite, 'Peer review', 'Cas');
	await expect(anna.getByText('2 other members online')).toBeVisible(WAIT);
	await shareGoal(bram, 'Peer review', 'Write a research proposal');
	const group = new URL(anna.url()).pathname.split('/').at(-1)!;
	const [annaId, bramId] = [await memberId(cas, 'Anna'), await memberId(cas, 'Bram')];
	await expect(work(cas, 'Write a research proposal')).toBeVisible(WAIT);

	// Cas writes an item in Bram's name and feedback in Anna's name, signed with Cas's own key,
	// then shares a real item of their own (the positive control).
	await forge(cas, group, bramId!, {
		t: 'item',
		item: {
			kind: 'goal',
			id: 'forged',
			title: 'Bram gives up on the proposal',
			description: '',
			status: 'dropped',
			targetDate: null,
			successCriteria: [],
			updatedAt: '2026-12-02T08:00:00.000Z'
		}
	});
	await forge(cas, group, annaId!, {
		t: 'comment',
		id: 'forged-comment',
		on: {
			author: bramId,
			item: (await work(cas, 'Write a research proposal').getAttribute('data-item'))!
		},
		parent: null,
		text: 'Anna thinks this proposal is worthless.',
		at: null
	});
	await shareGoal(cas, 'Peer review', 'Give a workshop');

	for (const page of [anna, bram]) {
		await expect(work(page, 'Give a workshop')).toBeVisible(WAIT);
		await expect(page.getByText(/contributions? (was|were) not believed/)).toBeVisible(WAIT);
		await expect(page.getByText('Bram gives up on the proposal')).toHaveCount(0);
		await expect(page.getByText('Anna thinks this proposal is worthless.')).toHaveCount(0);
	}

	// Cas's own device believed its forgeries (they hold Bram's and Anna's next places there):
	// Cas takes them out again, so that the real next links can reach Cas.
	await cas.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					const tx = db.transaction('groupEnvelopes', 'readwrite');
					const store = tx.objectStore('groupEnvelopes');
					const all = store.getAll();
					all.onsuccess = () => {
						for (const record of all.result as {
							hash: string;
							group: string;
							author: string;
							seq: number;
						}[])
							if (record.hash.startsWith('forged-'))
								store.delete([record.group, record.author, record.seq]);
					};
					tx.oncomplete = () => {
						db.close();
						resolve(undefined);
					};
				};
			})
	);
	await cas.reload();

	// Removal: while Cas is a member, Bram's new work reaches them (the positive control).
	await shareGoal(bram, 'Peer review', 'Before the removal');
	await expect(work(cas, 'Before the removal')).toBeVisible(WAIT);

	// Bram is away during the removal (Koers closed: every page holds the group's room in the
	// background): he is handed the new key when he is back.
	await bram.goto('about:blank');
	await anna
		.locator('.members li', { has: anna.locator('strong', { hasText: 'Cas' }) })
		.getByRole('button', { name: 'Remove' })
		.click();
	await anna.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
	await expect(cas.getByText('You were removed from this group.', { exact: false })).toBeVisible(
		WAIT
	);
	await expect(anna.getByText('No other members online right now.', { exact: false })).toBeVisible(
		WAIT
	);
	// Back, Bram meets Anna in the room of the old key, proves his key, is handed the new one
	// (checked against the creator's signed commitment), and they meet in the new room.
	await open(bram, '/groups');
	await bram.getByRole('link', { name: 'Peer review' }).click();
	await expect(anna.getByText('1 other member online')).toBeVisible(WAIT);
	await expect(bram.getByText('1 other member online')).toBeVisible(WAIT);
	await expect(bram.locator('.members li', { hasText: 'Cas' })).toContainText('removed');

	await shareGoal(bram, 'Peer review', 'After the removal');
	await expect(work(anna, 'After the removal')).toBeVisible(WAIT);
	await expect(work(cas, 'Before the removal')).toBeVisible();
	await expect(work(cas, 'After the removal')).toHaveCount(0);
	// Cas keeps what they saw; nothing new was stored on their device.
	await cas.reload();
	await expect(work(cas, 'Before the removal')).toBeVisible();
	await expect(work(cas, 'After the removal')).toHaveCount(0);

	await Promise.all([anna, bram, cas].map((page) => page.context().close()));
});
