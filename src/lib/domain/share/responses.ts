import * as v from 'valibot';
import { ResponseSignatureSchema } from './response-signature';

/**
 * What coaches and peers write back: feedback (in threads) and sign-offs. They travel in the
 * share document's responses part, or in a reply link or file, and are imported by id.
 */
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100));

export const FeedbackSchema = v.object({
	kind: v.literal('feedback'),
	id,
	itemId: id,
	/** The feedback this one answers, for threads. */
	parentId: v.nullable(id),
	author: name,
	role: v.pipe(v.string(), v.maxLength(100)),
	text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(20_000)),
	/** A moment in the item's video, in seconds, that this feedback is about. */
	at: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(24 * 3600))),
	createdAt: v.pipe(v.string(), v.maxLength(40)),
	/** The coach's signature (response-signature.ts); absent from older Koers versions. */
	signature: v.optional(ResponseSignatureSchema)
});

export const SignOffSchema = v.object({
	kind: v.literal('signOff'),
	id,
	goalId: id,
	author: name,
	role: v.pipe(v.string(), v.maxLength(100)),
	date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)),
	statement: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(5_000)),
	createdAt: v.pipe(v.string(), v.maxLength(40)),
	/** The coach's signature (response-signature.ts); absent from older Koers versions. */
	signature: v.optional(ResponseSignatureSchema)
});

/** A coach's rating of a competency on the framework's levels, shown beside the learner's own. */
export const RatingSchema = v.object({
	kind: v.literal('rating'),
	id,
	/** frameworkId|competencyId */
	competency: v.pipe(v.string(), v.minLength(3), v.maxLength(401)),
	levelId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	author: name,
	role: v.pipe(v.string(), v.maxLength(100)),
	date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)),
	createdAt: v.pipe(v.string(), v.maxLength(40)),
	/** The coach's signature (response-signature.ts); absent from older Koers versions. */
	signature: v.optional(ResponseSignatureSchema)
});

export const ResponseSchema = v.variant('kind', [FeedbackSchema, SignOffSchema, RatingSchema]);

export type Feedback = v.InferOutput<typeof FeedbackSchema>;
export type SignOff = v.InferOutput<typeof SignOffSchema>;
export type Rating = v.InferOutput<typeof RatingSchema>;
export type ShareResponse = v.InferOutput<typeof ResponseSchema>;

/** At most this many responses are read from one share. */
export const MAX_RESPONSES = 2_000;

/** Keeps the valid responses of untrusted input, each id once, oldest first, capped. */
export function validResponses(raw: readonly unknown[]): ShareResponse[] {
	const seen = new Set<string>();
	const valid = raw.flatMap((item) => {
		const result = v.safeParse(ResponseSchema, item);
		if (!result.success || seen.has(result.output.id)) return [];
		seen.add(result.output.id);
		return [result.output];
	});
	return valid.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, MAX_RESPONSES);
}

/** Why a reply (link or file) was refused: which response, and what is wrong with it. */
export class ReplyError extends Error {
	constructor(
		readonly reason: 'invalid' | 'duplicate' | 'tooMany',
		/** The response's place in the reply, from 1; 0 for the reply as a whole. */
		readonly number = 0,
		readonly where = ''
	) {
		super(`Reply refused: ${reason} ${number} ${where}`.trim());
		this.name = 'ReplyError';
	}
}

/**
 * Reads an opened reply: every response must be valid and listed once, or nothing is taken,
 * so the learner hears what was wrong instead of "no new responses".
 */
export function readReply(raw: unknown): ShareResponse[] {
	const list = (raw as { responses?: unknown } | null)?.responses;
	if (!Array.isArray(list)) throw new ReplyError('invalid', 0, 'responses');
	if (list.length > MAX_RESPONSES) throw new ReplyError('tooMany', list.length);
	const seen = new Set<string>();
	return list.map((item, i) => {
		const result = v.safeParse(ResponseSchema, item);
		if (!result.success) {
			const issue = result.issues[0];
			throw new ReplyError('invalid', i + 1, v.getDotPath(issue) ?? issue.message);
		}
		if (seen.has(result.output.id)) throw new ReplyError('duplicate', i + 1);
		seen.add(result.output.id);
		return result.output;
	});
}

/** Feedback on one item as threads: top-level feedback with its replies, oldest first. */
export function threadsFor(
	responses: readonly ShareResponse[],
	itemId: string
): { root: Feedback; replies: Feedback[] }[] {
	const feedback = responses.filter(
		(r): r is Feedback => r.kind === 'feedback' && r.itemId === itemId
	);
	return feedback
		.filter((f) => f.parentId === null || !feedback.some((p) => p.id === f.parentId))
		.map((root) => ({ root, replies: feedback.filter((f) => f.parentId === root.id) }));
}

/** The message (an i18n id with its values) that tells the learner why a reply was refused. */
export function replyProblem(error: ReplyError): {
	id:
		| 'share.error.replyMalformed'
		| 'share.error.replyInvalid'
		| 'share.error.replyDuplicate'
		| 'share.error.replyTooMany';
	values: Record<string, string | number>;
} {
	if (error.reason === 'tooMany') return { id: 'share.error.replyTooMany', values: {} };
	if (error.reason === 'duplicate')
		return { id: 'share.error.replyDuplicate', values: { number: error.number } };
	if (error.number === 0) return { id: 'share.error.replyMalformed', values: {} };
	return { id: 'share.error.replyInvalid', values: { number: error.number, where: error.where } };
}
