import * as v from 'valibot';
import { isIsoDate, type IsoDate } from './dates';
import { TagsInputSchema } from './tags';
import {
	COMPANIONS,
	DIRECTIONS,
	EVIDENCE_FORMATS,
	GOAL_REASONS,
	GOAL_SOURCES,
	GOAL_STATUSES,
	LEARNING_SETTINGS,
	MOMENTS_OF_NEED,
	PACES,
	type Companion,
	type Direction,
	type EvidenceFormat,
	type GoalReason,
	type GoalSource,
	type GoalStatus,
	type LearningSetting,
	type MomentOfNeed,
	type Pace
} from './vocab';

/** A learning goal described by the six elements of personalised learning. */
export interface Goal {
	id: string;
	title: string;
	description: string;
	/** What: where the goal comes from. */
	source: GoalSource | null;
	/** Why: the reason, and optionally the moment of need. */
	reason: GoalReason | null;
	momentOfNeed: MomentOfNeed | null;
	/** Where: in the work process or outside it, plus free context. */
	setting: LearningSetting | null;
	settingContext: string;
	/** How: who directs the learning and in which formats the learner shows it. */
	direction: Direction | null;
	formats: EvidenceFormat[];
	/** Who: pace and what the learner already masters. */
	pace: Pace | null;
	priorKnowledge: string;
	/** With whom. */
	companion: Companion | null;
	targetDate: IsoDate | null;
	status: GoalStatus;
	successCriteria: string[];
	tags: string[];
	archivedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

/** The fields a learner edits; the rest is bookkeeping. */
export type GoalFields = Omit<Goal, 'id' | 'archivedAt' | 'createdAt' | 'updatedAt'>;

const optionalChoice = <T extends readonly string[]>(options: T) =>
	v.pipe(
		v.union([v.literal(''), v.null(), v.picklist(options)]),
		v.transform((value) => (value === '' ? null : value) as T[number] | null)
	);

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'error.tooLong'));

const optionalDate = v.pipe(
	v.union([v.literal(''), v.null(), v.pipe(v.string(), v.check(isIsoDate, 'error.date'))]),
	v.transform((value) => (value ? value : null))
);

/** Form input (strings from inputs) parsed into goal fields; messages are i18n keys. */
export const GoalFormSchema = v.object({
	title: v.pipe(text(200), v.nonEmpty('error.titleRequired')),
	description: text(20_000),
	source: optionalChoice(GOAL_SOURCES),
	reason: optionalChoice(GOAL_REASONS),
	momentOfNeed: optionalChoice(MOMENTS_OF_NEED),
	setting: optionalChoice(LEARNING_SETTINGS),
	settingContext: text(2_000),
	direction: optionalChoice(DIRECTIONS),
	formats: v.pipe(
		v.array(v.picklist(EVIDENCE_FORMATS)),
		v.transform((list) => [...new Set(list)])
	),
	pace: optionalChoice(PACES),
	priorKnowledge: text(5_000),
	companion: optionalChoice(COMPANIONS),
	targetDate: optionalDate,
	status: v.picklist(GOAL_STATUSES),
	successCriteria: v.pipe(
		v.string(),
		v.transform((lines) =>
			lines
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean)
		),
		v.maxLength(50, 'error.tooMany')
	),
	tags: TagsInputSchema
});

/** The raw shape a goal form edits. */
export type GoalForm = v.InferInput<typeof GoalFormSchema>;

/** A blank form for a new goal. */
export function emptyGoalForm(): GoalForm {
	return {
		title: '',
		description: '',
		source: '',
		reason: '',
		momentOfNeed: '',
		setting: '',
		settingContext: '',
		direction: '',
		formats: [],
		pace: '',
		priorKnowledge: '',
		companion: '',
		targetDate: '',
		status: 'planned',
		successCriteria: '',
		tags: ''
	};
}

/** The form for editing an existing goal. */
export function goalToForm(goal: Goal): GoalForm {
	return {
		...goal,
		source: goal.source ?? '',
		reason: goal.reason ?? '',
		momentOfNeed: goal.momentOfNeed ?? '',
		setting: goal.setting ?? '',
		direction: goal.direction ?? '',
		pace: goal.pace ?? '',
		companion: goal.companion ?? '',
		targetDate: goal.targetDate ?? '',
		successCriteria: goal.successCriteria.join('\n'),
		tags: goal.tags.join(', ')
	};
}

/** A stored goal as read from outside (an import, a peer): every field checked. */
export const GoalSchema = v.object({
	id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)),
	title: v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)),
	description: v.pipe(v.string(), v.maxLength(20_000)),
	source: v.nullable(v.picklist(GOAL_SOURCES)),
	reason: v.nullable(v.picklist(GOAL_REASONS)),
	momentOfNeed: v.nullable(v.picklist(MOMENTS_OF_NEED)),
	setting: v.nullable(v.picklist(LEARNING_SETTINGS)),
	settingContext: v.pipe(v.string(), v.maxLength(2_000)),
	direction: v.nullable(v.picklist(DIRECTIONS)),
	formats: v.array(v.picklist(EVIDENCE_FORMATS)),
	pace: v.nullable(v.picklist(PACES)),
	priorKnowledge: v.pipe(v.string(), v.maxLength(5_000)),
	companion: v.nullable(v.picklist(COMPANIONS)),
	targetDate: v.nullable(v.pipe(v.string(), v.check(isIsoDate))),
	status: v.picklist(GOAL_STATUSES),
	successCriteria: v.array(v.pipe(v.string(), v.maxLength(2_000))),
	tags: v.array(v.pipe(v.string(), v.maxLength(40))),
	archivedAt: v.nullable(v.string()),
	createdAt: v.string(),
	updatedAt: v.string()
}) satisfies v.GenericSchema<Goal>;

/** A goal is open while the learner still works on it. */
export function isOpen(goal: Goal): boolean {
	return goal.archivedAt === null && (goal.status === 'planned' || goal.status === 'active');
}
