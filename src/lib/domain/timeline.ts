import type { Evidence } from './evidence';
import type { Reflection } from './reflection';

/** One moment in a goal's story: a piece of evidence or a reflection. */
export type TimelineEntry =
	| { kind: 'evidence'; date: string; item: Evidence }
	| { kind: 'reflection'; date: string; item: Reflection };

/**
 * A goal's timeline: the evidence linked to it and the reflections on the goal or on that
 * evidence, oldest first, so growth reads from top to bottom.
 */
export function buildTimeline(
	goalId: string,
	evidence: readonly Evidence[],
	reflections: readonly Reflection[]
): TimelineEntry[] {
	const linked = evidence.filter((item) => item.goalIds.includes(goalId));
	const evidenceIds = new Set(linked.map((item) => item.id));
	const entries: TimelineEntry[] = [
		...linked.map((item) => ({ kind: 'evidence' as const, date: item.date, item })),
		...reflections
			.filter((r) =>
				r.subjectKind === 'goal' ? r.subjectId === goalId : evidenceIds.has(r.subjectId)
			)
			.map((item) => ({ kind: 'reflection' as const, date: item.date, item }))
	];
	return entries.sort(
		(a, b) => a.date.localeCompare(b.date) || a.item.createdAt.localeCompare(b.item.createdAt)
	);
}
