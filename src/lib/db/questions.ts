import { nowStamp } from '$lib/domain/dates';
import { emitDbEvent } from './events';
import { db, type QuestionRecord } from './koers-db';

/** The learner's questions for their coach on one item. */
export function questionsOn(itemId: string): Promise<QuestionRecord[]> {
	return db.questions.where('itemId').equals(itemId).toArray();
}

/** Asks the coach a question about a goal or piece of evidence (shown in every share of it). */
export async function askQuestion(itemId: string, text: string): Promise<QuestionRecord> {
	const question = {
		id: crypto.randomUUID(),
		itemId,
		text: text.trim().slice(0, 5_000),
		updatedAt: nowStamp()
	};
	await db.questions.add(question);
	emitDbEvent('saved', { kind: 'question', id: question.id });
	return question;
}

/** Withdraws a question. */
export async function withdrawQuestion(id: string): Promise<void> {
	await db.questions.delete(id);
	emitDbEvent('deleted', { kind: 'question', id });
}
