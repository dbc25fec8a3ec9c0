import * as v from 'valibot';

/** The building blocks a learner combines into a learning path for a goal. */
export const PATH_BLOCKS = [
	'training',
	'eLearning',
	'coaching',
	'project',
	'reading',
	'practice',
	'peerConsultation',
	'other'
] as const;
export type PathBlock = (typeof PATH_BLOCKS)[number];

/** One step of a goal's learning path, in the learner's order, ticked off when done. */
export interface PathStep {
	id: string;
	goalId: string;
	block: PathBlock;
	title: string;
	note: string;
	order: number;
	doneAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export const PathStepSchema = v.object({
	id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
	goalId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
	block: v.picklist(PATH_BLOCKS),
	title: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	note: v.pipe(v.string(), v.maxLength(2_000)),
	order: v.pipe(v.number(), v.finite()),
	doneAt: v.nullable(v.pipe(v.string(), v.maxLength(40))),
	createdAt: v.pipe(v.string(), v.maxLength(40)),
	updatedAt: v.pipe(v.string(), v.maxLength(40))
}) satisfies v.GenericSchema<PathStep>;

/** The form for a new step; messages are i18n keys. */
export const PathStepFormSchema = v.object({
	block: v.picklist(PATH_BLOCKS, 'error.format'),
	title: v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty('error.titleRequired'),
		v.maxLength(200, 'error.tooLong')
	),
	note: v.pipe(v.string(), v.trim(), v.maxLength(2_000, 'error.tooLong'))
});

/** Steps in the learner's order. */
export function ordered(steps: readonly PathStep[]): PathStep[] {
	return [...steps].sort((a, b) => a.order - b.order || a.createdAt.localeCompare(b.createdAt));
}

/** The new order of the steps after moving one up or down; only steps whose place changed. */
export function move(
	steps: readonly PathStep[],
	id: string,
	direction: -1 | 1
): { id: string; order: number }[] {
	const list = ordered(steps);
	const from = list.findIndex((s) => s.id === id);
	const to = from + direction;
	if (from < 0 || to < 0 || to >= list.length) return [];
	[list[from], list[to]] = [list[to]!, list[from]!];
	return list.flatMap((step, order) => (step.order === order ? [] : [{ id: step.id, order }]));
}

/** How far along a path is. */
export function pathProgress(steps: readonly PathStep[]): { done: number; total: number } {
	return { done: steps.filter((s) => s.doneAt !== null).length, total: steps.length };
}
