import * as questions from '$lib/db/questions';
import { addOwnFeedback, responsesOn } from '$lib/db/shares';
import { act } from './action';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';

/**
 * The coach part of a goal or evidence page: the learner's questions for the coach, and the
 * feedback, sign-offs and own notes on the item across every share.
 */
export class ItemFeedback {
	readonly questions: LiveQuery<Awaited<ReturnType<typeof questions.questionsOn>>>;
	readonly responses: LiveQuery<Awaited<ReturnType<typeof responsesOn>>>;

	constructor(readonly itemId: string) {
		this.questions = new LiveQuery(() => questions.questionsOn(itemId));
		this.responses = new LiveQuery(() => responsesOn(itemId));
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

	/**
	 * The learner's own feedback: a note for themselves, or a reply that goes back through the
	 * share the coach's feedback came with. True when it was stored.
	 */
	respond = async (text: string, parentId: string | null, at?: number): Promise<boolean> => {
		const done = await act(async () => {
			await addOwnFeedback({ itemId: this.itemId, text, parentId, at, me: t('feedback.me') });
			return true;
		});
		return done === true;
	};
}
