/**
 * The fixed vocabularies of Koers: the six elements of personalised learning (Peeters, Kengen &
 * Driesen, 2020), goal status and the evidence formats a learner can choose. Labels live in the
 * i18n catalogs under the same names.
 */

/** What is learned: the source of the goal. */
export const GOAL_SOURCES = ['job', 'norm', 'ambition'] as const;
/** Why it is learned. */
export const GOAL_REASONS = ['existingTask', 'innovation', 'retraining'] as const;
/** The five moments of need (Gottfredson & Mosher). */
export const MOMENTS_OF_NEED = ['new', 'more', 'apply', 'change', 'solve'] as const;
/** Where it is learned. */
export const LEARNING_SETTINGS = ['inWork', 'outsideWork'] as const;
/** How learning is directed. */
export const DIRECTIONS = ['self', 'programme', 'system'] as const;
/** Who learns: the pace the learner wants. */
export const PACES = ['relaxed', 'steady', 'intensive'] as const;
/** With whom. */
export const COMPANIONS = ['solo', 'coach', 'group'] as const;
/** Where a goal stands. */
export const GOAL_STATUSES = ['planned', 'active', 'achieved', 'dropped'] as const;
/** The forms in which a learner shows what they learned. */
export const EVIDENCE_FORMATS = [
	'vlog',
	'presentation',
	'report',
	'blog',
	'oralAssessment',
	'film',
	'magazine',
	'audio',
	'photo',
	'link',
	'certificate',
	'other'
] as const;

export type GoalSource = (typeof GOAL_SOURCES)[number];
export type GoalReason = (typeof GOAL_REASONS)[number];
export type MomentOfNeed = (typeof MOMENTS_OF_NEED)[number];
export type LearningSetting = (typeof LEARNING_SETTINGS)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type Pace = (typeof PACES)[number];
export type Companion = (typeof COMPANIONS)[number];
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export type EvidenceFormat = (typeof EVIDENCE_FORMATS)[number];

/** Formats whose main content is text written in the app. */
export const WRITTEN_FORMATS: readonly EvidenceFormat[] = ['report', 'blog', 'oralAssessment'];
