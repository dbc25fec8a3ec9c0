import * as v from 'valibot';
import type { Goal } from './goal';
import { fitsProfile, type LearnerProfile } from './profile';
import {
	COMPANIONS,
	DIRECTIONS,
	EVIDENCE_FORMATS,
	GOAL_REASONS,
	GOAL_SOURCES,
	GOAL_STATUSES,
	LEARNING_SETTINGS,
	MOMENTS_OF_NEED,
	PACES
} from './vocab';

export const GOAL_SORTS = ['targetAsc', 'targetDesc', 'updated', 'created'] as const;
export type GoalSort = (typeof GOAL_SORTS)[number];

/** Each filterable element, keyed as it appears in the URL. */
export const GOAL_FILTER_OPTIONS = {
	status: GOAL_STATUSES,
	source: GOAL_SOURCES,
	reason: GOAL_REASONS,
	momentOfNeed: MOMENTS_OF_NEED,
	setting: LEARNING_SETTINGS,
	direction: DIRECTIONS,
	format: EVIDENCE_FORMATS,
	pace: PACES,
	companion: COMPANIONS
} as const;

export type GoalFilterKey = keyof typeof GOAL_FILTER_OPTIONS;
export const GOAL_FILTER_KEYS = Object.keys(GOAL_FILTER_OPTIONS) as GoalFilterKey[];

/** A goal-list query: one optional value per element, a tag, the archive view and a sort. */
export type GoalQuery = { [K in GoalFilterKey]: (typeof GOAL_FILTER_OPTIONS)[K][number] | null } & {
	tag: string | null;
	archived: boolean;
	/** Only goals that fit the learner's profile. */
	fit: boolean;
	sort: GoalSort;
};

const choice = <T extends readonly string[]>(options: T) =>
	v.fallback(v.nullable(v.picklist(options)), null);

/** URL parameters are untrusted: anything unknown falls back to "no filter". */
const GoalQuerySchema = v.object({
	status: choice(GOAL_STATUSES),
	source: choice(GOAL_SOURCES),
	reason: choice(GOAL_REASONS),
	momentOfNeed: choice(MOMENTS_OF_NEED),
	setting: choice(LEARNING_SETTINGS),
	direction: choice(DIRECTIONS),
	format: choice(EVIDENCE_FORMATS),
	pace: choice(PACES),
	companion: choice(COMPANIONS),
	tag: v.fallback(v.nullable(v.pipe(v.string(), v.maxLength(40))), null),
	archived: v.fallback(
		v.pipe(
			v.nullable(v.string()),
			v.transform((value) => value === '1')
		),
		false
	),
	fit: v.fallback(
		v.pipe(
			v.nullable(v.string()),
			v.transform((value) => value === '1')
		),
		false
	),
	sort: v.fallback(v.picklist(GOAL_SORTS), 'targetAsc')
});

/** Reads a goal query from URL search parameters. */
export function parseGoalQuery(params: URLSearchParams): GoalQuery {
	const raw: Record<string, string | null> = {};
	for (const key of [...GOAL_FILTER_KEYS, 'tag', 'archived', 'fit', 'sort'])
		raw[key] = params.get(key);
	return v.parse(GoalQuerySchema, raw) as GoalQuery;
}

/** Writes a goal query back to URL search parameters, leaving out defaults. */
export function goalQueryToParams(query: GoalQuery): URLSearchParams {
	const params = new URLSearchParams();
	for (const key of GOAL_FILTER_KEYS) {
		const value = query[key];
		if (value) params.set(key, value);
	}
	if (query.tag) params.set('tag', query.tag);
	if (query.archived) params.set('archived', '1');
	if (query.fit) params.set('fit', '1');
	if (query.sort !== 'targetAsc') params.set('sort', query.sort);
	return params;
}

/** True when `goal` passes every filter in `query`. */
export function matchesGoalQuery(goal: Goal, query: GoalQuery): boolean {
	if (query.archived !== (goal.archivedAt !== null)) return false;
	if (query.tag && !goal.tags.includes(query.tag)) return false;
	if (query.format && !goal.formats.includes(query.format)) return false;
	for (const key of GOAL_FILTER_KEYS) {
		if (key === 'format') continue;
		const wanted = query[key];
		if (wanted && goal[key] !== wanted) return false;
	}
	return true;
}

/** Goals without a target date go last when sorting by date, in either direction. */
export function compareGoals(sort: GoalSort): (a: Goal, b: Goal) => number {
	switch (sort) {
		case 'updated':
			return (a, b) => b.updatedAt.localeCompare(a.updatedAt);
		case 'created':
			return (a, b) => b.createdAt.localeCompare(a.createdAt);
		case 'targetAsc':
		case 'targetDesc': {
			const sign = sort === 'targetAsc' ? 1 : -1;
			return (a, b) => {
				if (a.targetDate === b.targetDate) return a.title.localeCompare(b.title);
				if (a.targetDate === null) return 1;
				if (b.targetDate === null) return -1;
				return sign * a.targetDate.localeCompare(b.targetDate);
			};
		}
	}
}

/** Filters and sorts goals for the goal list; "fits my profile" needs the learner's profile. */
export function queryGoals(
	goals: readonly Goal[],
	query: GoalQuery,
	profile?: LearnerProfile
): Goal[] {
	return goals
		.filter(
			(goal) =>
				matchesGoalQuery(goal, query) && (!query.fit || !profile || fitsProfile(goal, profile))
		)
		.sort(compareGoals(query.sort));
}

/** Number of element filters in use, for a "clear filters" affordance. */
export function activeFilterCount(query: GoalQuery): number {
	return (
		GOAL_FILTER_KEYS.filter((key) => query[key] !== null).length +
		(query.tag ? 1 : 0) +
		(query.fit ? 1 : 0)
	);
}
