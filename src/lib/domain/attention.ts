import type { IsoDate } from './dates';
import type { Evidence } from './evidence';
import { isOpen, type Goal } from './goal';

/** What the home page asks the learner to look at. */
export interface Attention {
	overdue: Goal[];
	withoutEvidence: Goal[];
}

/** Open goals past their target date, and open goals with no evidence yet. */
export function needsAttention(
	goals: readonly Goal[],
	evidence: readonly Evidence[],
	today: IsoDate
): Attention {
	const withEvidence = new Set(evidence.flatMap((item) => item.goalIds));
	const open = goals.filter(isOpen);
	return {
		overdue: open
			.filter((goal) => goal.targetDate !== null && goal.targetDate < today)
			.sort((a, b) => (a.targetDate ?? '').localeCompare(b.targetDate ?? '')),
		withoutEvidence: open.filter((goal) => !withEvidence.has(goal.id))
	};
}

/** Active goals first by nearest target date; for the home page. */
export function activeGoals(goals: readonly Goal[]): Goal[] {
	return goals
		.filter((goal) => goal.archivedAt === null && goal.status === 'active')
		.sort((a, b) => (a.targetDate ?? '9999').localeCompare(b.targetDate ?? '9999'));
}

/** How many pieces of evidence each goal has. */
export function evidenceCountByGoal(evidence: readonly Evidence[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const item of evidence)
		for (const id of item.goalIds) counts.set(id, (counts.get(id) ?? 0) + 1);
	return counts;
}
