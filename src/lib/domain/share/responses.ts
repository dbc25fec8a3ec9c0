import * as v from 'valibot';

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
	createdAt: v.pipe(v.string(), v.maxLength(40))
});

export const SignOffSchema = v.object({
	kind: v.literal('signOff'),
	id,
	goalId: id,
	author: name,
	role: v.pipe(v.string(), v.maxLength(100)),
	date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)),
	statement: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(5_000)),
	createdAt: v.pipe(v.string(), v.maxLength(40))
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
	createdAt: v.pipe(v.string(), v.maxLength(40))
});

export const ResponseSchema = v.variant('kind', [FeedbackSchema, SignOffSchema, RatingSchema]);

export type Feedback = v.InferOutput<typeof FeedbackSchema>;
export type SignOff = v.InferOutput<typeof SignOffSchema>;
export type Rating = v.InferOutput<typeof RatingSchema>;
export type ShareResponse = v.InferOutput<typeof ResponseSchema>;

/** At most this many responses are read from one share. */
export const MAX_RESPONSES = 2_000;

/** Keeps the valid responses of untrusted input, oldest first, capped. */
export function validResponses(raw: readonly unknown[]): ShareResponse[] {
	const valid = raw.flatMap((item) => {
		const result = v.safeParse(ResponseSchema, item);
		return result.success ? [result.output] : [];
	});
	return valid.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, MAX_RESPONSES);
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
