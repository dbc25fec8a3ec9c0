import * as questions from '$lib/db/questions';
import { addOwnFeedback, responsesOn, signOffsOn } from '$lib/db/shares';
import { act } from './action';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';

/**
 * The learner's own feedback on an item: a note for themselves, or a reply that goes back through
 * the share the coach's feedback (`parentId`) came with. True when it was stored.
 */
export async function respondOn(
	itemId: string,
	text: string,
	parentId: string | null,
	at?: number
): Promise<boolean> {
	const done = await act(async () => {
		await addOwnFeedback({ itemId, text, parentId, at, me: t('feedback.me') });
		return true;
	});
	return done === true;
}

/** An item's responses; for a goal with its sign-offs, which name the goal rather than an item. */
async function responsesAbout(itemId: string, isGoal: boolean) {
	if (!isGoal) return responsesOn(itemId);
	const [responses, signOffs] = await Promise.all([responsesOn(itemId), signOffsOn(itemId)]);
	return [...responses, ...signOffs].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The coach part of a goal or evidence page: the learner's questions for the coach, and the
 * feedback, sign-offs and own notes on the item across every share.
 */
export class ItemFeedback {
	readonly questions: LiveQuery<Awaited<ReturnType<typeof questions.questionsOn>>>;
	readonly responses: LiveQuery<Awaited<ReturnType<typeof responsesOn>>>;

	/** With `isGoal`, the responses include the goal's sign-offs from every share. */
	constructor(
		readonly itemId: string,
		{ isGoal = false }: { isGoal?: boolean } = {}
	) {
		this.questions = new LiveQuery(() => questions.questionsOn(itemId));
		this.responses = new LiveQuery(() => responsesAbout(itemId, isGoal));
	}

	get queries() {
		return [this.questions, this.responses];
	}

	/** Asks the coach a question about the item; true when it was stored. */
	async ask(text: string): Promise<boolean> {
		if (!text.trim()) return false;
		const done = await act(async () => {
			await questions.askQuestion(this.itemId, text);
			return true;
		});
		return done === true;
	}

	/** Withdraws one of the learner's questions. */
	withdraw(id: string): Promise<void> {
		return act(() => questions.withdrawQuestion(id));
	}

	/** The learner's own feedback on this item (see `respondOn`). */
	respond = (text: string, parentId: string | null, at?: number): Promise<boolean> =>
		respondOn(this.itemId, text, parentId, at);
}
