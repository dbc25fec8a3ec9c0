import * as v from 'valibot';
import type { Goal } from './goal';
import {
	COMPANIONS,
	EVIDENCE_FORMATS,
	LEARNING_SETTINGS,
	PACES,
	type Companion,
	type EvidenceFormat,
	type LearningSetting,
	type Pace
} from './vocab';

export const REFLECTION_RHYTHMS = ['off', 'weekly', 'fortnightly', 'monthly'] as const;
export type ReflectionRhythm = (typeof REFLECTION_RHYTHMS)[number];

/**
 * The learner's own preferences along the six elements: how they like to show their learning,
 * their pace, with whom and where they learn; and how often they want to reflect.
 */
export interface LearnerProfile {
	id: 'me';
	formats: EvidenceFormat[];
	pace: Pace | null;
	companion: Companion | null;
	setting: LearningSetting | null;
	reflectionRhythm: ReflectionRhythm;
	/** Show reminders as notifications while Koers is open (the browser asks too). */
	notifications: boolean;
	updatedAt: string;
}

export const ProfileSchema = v.object({
	id: v.literal('me'),
	formats: v.pipe(v.array(v.picklist(EVIDENCE_FORMATS)), v.maxLength(EVIDENCE_FORMATS.length)),
	pace: v.nullable(v.picklist(PACES)),
	companion: v.nullable(v.picklist(COMPANIONS)),
	setting: v.nullable(v.picklist(LEARNING_SETTINGS)),
	reflectionRhythm: v.picklist(REFLECTION_RHYTHMS),
	notifications: v.boolean(),
	updatedAt: v.pipe(v.string(), v.maxLength(40))
}) satisfies v.GenericSchema<LearnerProfile>;

export function emptyProfile(): LearnerProfile {
	return {
		id: 'me',
		formats: [],
		pace: null,
		companion: null,
		setting: null,
		reflectionRhythm: 'off',
		notifications: false,
		updatedAt: ''
	};
}

/**
 * Formats to suggest for new evidence: the goal's own choices first, then the learner's
 * preferred ones, without repeats.
 */
export function suggestedFormats(profile: LearnerProfile, goal?: Goal): EvidenceFormat[] {
	return [...new Set([...(goal?.formats ?? []), ...profile.formats])];
}

/**
 * True when a goal fits the learner's profile: every element the learner chose (pace, with
 * whom, where) that the goal also sets is the same. Goals that leave an element open fit.
 */
export function fitsProfile(goal: Goal, profile: LearnerProfile): boolean {
	const same = <T>(mine: T | null, theirs: T | null) =>
		mine === null || theirs === null || mine === theirs;
	return (
		same(profile.pace, goal.pace) &&
		same(profile.companion, goal.companion) &&
		same(profile.setting, goal.setting)
	);
}
