import { beforeAll, describe, expect, it } from 'vitest';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { ItemFeedback } from './item-feedback.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

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
});
