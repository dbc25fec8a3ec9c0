import type { IsoDate } from '../dates';
import { competencyKey, inTreeOrder, type Framework } from './framework';

/** A goal or piece of evidence linked to a competency. */
export interface CompetencyLink {
	id: string;
	frameworkId: string;
	competencyId: string;
	/** frameworkId|competencyId, indexed. */
	competency: string;
	recordKind: 'goal' | 'evidence';
	recordId: string;
	createdAt: string;
}

/**
 * A rating on a competency's levels: the learner's own ("self"), or the entry check ("entry")
 * that marks a competency as already mastered when the learner starts.
 */
export interface Assessment {
	id: string;
	frameworkId: string;
	competencyId: string;
	competency: string;
	kind: 'self' | 'entry';
	date: IsoDate;
	levelId: string;
	note: string;
	createdAt: string;
	updatedAt: string;
}

/** A coach's rating from a share, shown beside the learner's own. */
export interface CoachRating {
	competency: string;
	date: IsoDate;
	levelId: string;
	author: string;
}

export interface CompetencyStatus {
	key: string;
	evidenceIds: string[];
	goalIds: string[];
	/** The latest self-assessment's level index (0 = first level), or null. */
	level: number | null;
	/** Marked as mastered at the entry check. */
	mastered: boolean;
	depth: number;
}

/** Where a level sits in the framework's rubric (0-based), or -1 when it is not one of its levels. */
export function levelIndex(framework: Framework, levelId: string): number {
	return framework.levels.findIndex((l) => l.id === levelId);
}

/** Per competency: the evidence and goals behind it, the latest rating and the entry check. */
export function competencyStatus(
	framework: Framework,
	links: readonly CompetencyLink[],
	assessments: readonly Assessment[]
): Map<string, CompetencyStatus> {
	const status = new Map<string, CompetencyStatus>();
	for (const { competency, depth } of inTreeOrder(framework.competencies)) {
		const key = competencyKey(framework.id, competency.id);
		status.set(key, { key, evidenceIds: [], goalIds: [], level: null, mastered: false, depth });
	}
	for (const link of links) {
		const entry = status.get(link.competency);
		if (!entry) continue;
		(link.recordKind === 'evidence' ? entry.evidenceIds : entry.goalIds).push(link.recordId);
	}
	const sorted = [...assessments].sort((a, b) =>
		a.date === b.date ? a.createdAt.localeCompare(b.createdAt) : a.date.localeCompare(b.date)
	);
	for (const a of sorted) {
		const entry = status.get(a.competency);
		if (!entry) continue;
		if (a.kind === 'entry') entry.mastered = true;
		else entry.level = levelIndex(framework, a.levelId);
	}
	return status;
}

/**
 * The framework's coverage: how many competencies have evidence, are mastered, have neither.
 * A linked goal is a plan, not proof: `planned` counts competencies that only a goal points at
 * (no evidence, not mastered), so a page can show them without counting them as covered.
 */
export function coverage(status: ReadonlyMap<string, CompetencyStatus>): {
	total: number;
	withEvidence: number;
	mastered: number;
	planned: number;
	uncovered: string[];
} {
	let withEvidence = 0;
	let mastered = 0;
	let planned = 0;
	const uncovered: string[] = [];
	for (const s of status.values()) {
		if (s.evidenceIds.length) withEvidence++;
		if (s.mastered) mastered++;
		if (!s.evidenceIds.length && !s.mastered) {
			uncovered.push(s.key);
			if (s.goalIds.length) planned++;
		}
	}
	return { total: status.size, withEvidence, mastered, planned, uncovered };
}

/** One competency's ratings over time, self and coach, as points on the level scale. */
export function growth(
	framework: Framework,
	key: string,
	assessments: readonly Assessment[],
	coach: readonly CoachRating[] = []
): { date: IsoDate; level: number; by: 'self' | 'coach'; note: string }[] {
	const self = assessments
		.filter((a) => a.competency === key && a.kind === 'self')
		.map((a) => ({
			date: a.date,
			level: levelIndex(framework, a.levelId),
			by: 'self' as const,
			note: a.note
		}));
	const theirs = coach
		.filter((c) => c.competency === key)
		.map((c) => ({
			date: c.date,
			level: levelIndex(framework, c.levelId),
			by: 'coach' as const,
			note: c.author
		}));
	return [...self, ...theirs]
		.filter((p) => p.level >= 0)
		.sort((a, b) => a.date.localeCompare(b.date));
}
