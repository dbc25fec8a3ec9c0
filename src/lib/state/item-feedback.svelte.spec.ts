import { beforeAll, describe, expect, it } from 'vitest';
import { createShare, importResponses, myReplies } from '$lib/db/shares';
import type { Feedback, SignOff } from '$lib/domain/share/responses';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { ItemFeedback, respondOn } from './item-feedback.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

/** A share as the learner made it, to receive responses through. */
const shareFor = (title: string) =>
	createShare({
		title,
		owner: 'Sam Learner',
		selection: { kind: 'all' },
		expiresAt: null,
		room: crypto.randomUUID(),
		secret: crypto.randomUUID()
	}).then((share) => share.id);

const signOff = (goalId: string, author: string, statement: string): SignOff => ({
	kind: 'signOff',
	id: crypto.randomUUID(),
	goalId,
	author,
	role: 'mentor',
	date: '2026-11-30',
	statement,
	createdAt: new Date().toISOString()
});

const coachFeedback = (itemId: string, text: string): Feedback => ({
	kind: 'feedback',
	id: crypto.randomUUID(),
	itemId,
	parentId: null,
	author: 'Kim Coach',
	role: '',
	text,
	createdAt: new Date().toISOString()
});

describe('feedback on an item', () => {
	it('asks a question for the coach and withdraws it', async () => {
		const item = new ItemFeedback('goal-1');
		expect(await item.ask('   ')).toBe(false);
		expect(await item.ask(' Is one meeting enough? ')).toBe(true);
		const [question] = await until(
			() => item.questions.current ?? [],
			(list) => list.length === 1
		);
		expect(question?.text).toBe('Is one meeting enough?');
		await item.withdraw(question!.id);
		expect(
			await until(
				() => item.questions.current,
				(list) => list?.length === 0
			)
		).toEqual([]);
	});

	it('keeps an own note about a moment, and refuses an empty one with a toast', async () => {
		const item = new ItemFeedback('evidence-1');
		expect(await item.respond('Watch my hands here', null, 61.27)).toBe(true);
		const [note] = await until(
			() => item.responses.current ?? [],
			(list) => list.length === 1
		);
		expect(note).toMatchObject({ text: 'Watch my hands here', at: 61.3, author: 'Me', mine: true });
		expect(await item.respond('', null)).toBe(false);
		expect(toasts.list.at(-1)?.tone).toBe('error');
	});

	it("shows a goal's sign-offs from every share that carried it, and only on that goal", async () => {
		const [first, second] = [await shareFor('First'), await shareFor('Second')];
		await importResponses(first, [signOff('goal-2', 'Kim Coach', 'Led two meetings well.')]);
		await importResponses(second, [
			signOff('goal-2', 'Ada Assessor', 'Meets the standard.'),
			signOff('goal-3', 'Kim Coach', 'Another goal.')
		]);
		const goal = new ItemFeedback('goal-2', { isGoal: true });
		const list = await until(
			() => goal.responses.current ?? [],
			(list) => list.length === 2
		);
		expect(list.map((r) => r.kind === 'signOff' && r.statement)).toEqual([
			'Led two meetings well.',
			'Meets the standard.'
		]);
		expect(new Set(list.map((r) => r.shareId))).toEqual(new Set([first, second]));
		// Evidence has no sign-offs; an item page that is not a goal does not look for them.
		const evidence = new ItemFeedback('goal-3');
		expect(await until(() => evidence.responses.current)).toEqual([]);
	});

	it('sends a reply back through the share the feedback came with, as one action', async () => {
		const share = await shareFor('For my mentor');
		const question = coachFeedback('goal-4', 'Add a date?');
		await importResponses(share, [question]);
		expect(await respondOn('goal-4', 'Done: 12 January.', question.id)).toBe(true);
		const [reply] = (await myReplies()).filter(
			(r) => r.kind === 'feedback' && r.text === 'Done: 12 January.'
		);
		expect(reply).toMatchObject({
			shareId: share,
			itemId: 'goal-4',
			parentId: question.id,
			author: 'Sam Learner',
			mine: true
		});
		// The item page's respond is the same action.
		const item = new ItemFeedback('goal-4');
		expect(await item.respond('And a venue.', question.id)).toBe(true);
		const replies = await myReplies();
		expect(replies.some((r) => r.kind === 'feedback' && r.text === 'And a venue.')).toBe(true);
		expect(replies.every((r) => r.shareId === share)).toBe(true);
	});
});
