import { isOpen, type Goal } from './goal';
import { addDays, daysBetween, startOfWeek, type IsoDate } from './dates';
import {
	competencyStatus,
	coverage,
	type Assessment,
	type CompetencyLink
} from './competency/progress';
import type { Framework } from './competency/framework';
import type { PeActivity } from './pe/activity';
import { registerProgress, type ProgressStatus } from './pe/progress';
import type { Register } from './pe/register';
import type { PathStep } from './path';
import type { Reflection } from './reflection';
import { GOAL_STATUSES, type GoalStatus } from './vocab';
import { reflectionStreak } from './nudges';

/** Everything the dashboard reads. */
export interface DashboardSource {
	goals: readonly Goal[];
	evidenceGoalIds: readonly (readonly string[])[];
	reflections: readonly Reflection[];
	registers: readonly Register[];
	activities: readonly PeActivity[];
	frameworks: readonly Framework[];
	links: readonly CompetencyLink[];
	assessments: readonly Assessment[];
	steps: readonly PathStep[];
	unread: number;
}

export interface Dashboard {
	goalsByStatus: { status: GoalStatus; count: number }[];
	/** Open goals with a target date: time left and how far their path and evidence got. */
	targets: {
		id: string;
		title: string;
		targetDate: IsoDate;
		daysLeft: number;
		evidence: number;
		pathDone: number;
		pathTotal: number;
	}[];
	pe: {
		id: string;
		name: string;
		counted: number;
		required: number | null;
		status: ProgressStatus;
	}[];
	coverage: {
		id: string;
		title: string;
		withEvidence: number;
		mastered: number;
		uncovered: number;
	}[];
	/** Reflections per week, oldest first, Monday-based. */
	reflectionWeeks: { week: IsoDate; count: number }[];
	streak: number;
	recentReflections: Reflection[];
	unread: number;
}

/** The Mondays of the `count` weeks up to and including this one, oldest first. */
function weeksBack(today: IsoDate, count: number): IsoDate[] {
	const thisWeek = startOfWeek(today);
	return Array.from({ length: count }, (_, i) => addDays(thisWeek, -7 * (count - 1 - i)));
}

/** The dashboard's figures, computed from the records in one pass each. */
export function dashboard(source: DashboardSource, today: IsoDate, weeks = 12): Dashboard {
	const live = source.goals.filter((g) => g.archivedAt === null);
	const evidenceCount = new Map<string, number>();
	for (const ids of source.evidenceGoalIds)
		for (const id of ids) evidenceCount.set(id, (evidenceCount.get(id) ?? 0) + 1);
	const steps = new Map<string, { done: number; total: number }>();
	for (const step of source.steps) {
		const entry = steps.get(step.goalId) ?? { done: 0, total: 0 };
		entry.total++;
		if (step.doneAt !== null) entry.done++;
		steps.set(step.goalId, entry);
	}
	const weekList = weeksBack(today, weeks);
	const perWeek = new Map(weekList.map((w) => [w, 0]));
	for (const r of source.reflections) {
		const w = startOfWeek(r.date);
		if (perWeek.has(w)) perWeek.set(w, perWeek.get(w)! + 1);
	}
	return {
		goalsByStatus: GOAL_STATUSES.map((status) => ({
			status,
			count: live.filter((g) => g.status === status).length
		})),
		targets: live
			.filter((g) => isOpen(g) && g.targetDate !== null)
			.map((g) => ({
				id: g.id,
				title: g.title,
				targetDate: g.targetDate!,
				daysLeft: daysBetween(today, g.targetDate!),
				evidence: evidenceCount.get(g.id) ?? 0,
				pathDone: steps.get(g.id)?.done ?? 0,
				pathTotal: steps.get(g.id)?.total ?? 0
			}))
			.sort((a, b) => a.daysLeft - b.daysLeft),
		pe: source.registers
			.filter((r) => r.model === 'points')
			.map((r) => {
				const progress = registerProgress(r, source.activities, today);
				return {
					id: r.id,
					name: r.name,
					counted: progress.counted,
					required: progress.required,
					status: progress.status
				};
			}),
		coverage: source.frameworks.map((f) => {
			const c = coverage(competencyStatus(f, source.links, source.assessments));
			return {
				id: f.id,
				title: f.title,
				withEvidence: c.withEvidence,
				mastered: c.mastered,
				uncovered: c.uncovered.length
			};
		}),
		reflectionWeeks: weekList.map((week) => ({ week, count: perWeek.get(week) ?? 0 })),
		streak: reflectionStreak(source.reflections, today),
		recentReflections: [...source.reflections]
			.sort((a, b) => b.date.localeCompare(a.date) || b.updatedAt.localeCompare(a.updatedAt))
			.slice(0, 5),
		unread: source.unread
	};
}
