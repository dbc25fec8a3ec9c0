import { isOpen, type Goal } from './goal';
import { addDays, addMonths, daysBetween, startOfWeek, type IsoDate } from './dates';
import type { PeActivity } from './pe/activity';
import { outputProgress, registerProgress, type PeReminder } from './pe/progress';
import type { Register } from './pe/register';
import type { ReflectionRhythm } from './profile';
import type { Reflection } from './reflection';

/** Something the learner should be reminded of now. */
export type Nudge =
	| { kind: 'target'; goalId: string; title: string; date: IsoDate; daysLeft: number }
	| { kind: 'reflect'; lastDate: IsoDate | null; rhythm: Exclude<ReflectionRhythm, 'off'> }
	| { kind: 'pe'; reminder: PeReminder; register: string };

/** Goal target dates are reminded this many days ahead. */
export const TARGET_NOTICE_DAYS = 14;

const RHYTHM_DAYS: Record<Exclude<ReflectionRhythm, 'off'>, number> = {
	weekly: 7,
	fortnightly: 14,
	monthly: 30
};

/** Open goals whose target date falls within the notice period (today included). */
export function targetNudges(goals: readonly Goal[], today: IsoDate): Nudge[] {
	return goals
		.filter((g) => isOpen(g) && g.targetDate !== null && g.targetDate >= today)
		.map((g) => ({
			kind: 'target' as const,
			goalId: g.id,
			title: g.title,
			date: g.targetDate!,
			daysLeft: daysBetween(today, g.targetDate!)
		}))
		.filter((n) => n.daysLeft <= TARGET_NOTICE_DAYS)
		.sort((a, b) => a.daysLeft - b.daysLeft);
}

/** A reminder to reflect when the chosen rhythm has passed since the last reflection. */
export function reflectionNudge(
	reflections: readonly Reflection[],
	rhythm: ReflectionRhythm,
	today: IsoDate,
	startedOn: IsoDate | null
): Nudge | null {
	if (rhythm === 'off') return null;
	const last = reflections.reduce<IsoDate | null>(
		(max, r) => (max === null || r.date > max ? r.date : max),
		null
	);
	const since = last ?? startedOn;
	if (since === null || daysBetween(since, today) < RHYTHM_DAYS[rhythm]) return null;
	return { kind: 'reflect', lastDate: last, rhythm };
}

/** How many weeks in a row, up to this one, hold at least one reflection (Monday-based weeks). */
export function reflectionStreak(reflections: readonly Reflection[], today: IsoDate): number {
	const weeks = new Set(reflections.map((r) => startOfWeek(r.date)));
	let week = startOfWeek(today);
	// This week may still come: a streak that ended last week is still alive.
	if (!weeks.has(week)) week = addDays(week, -7);
	let streak = 0;
	while (weeks.has(week)) {
		streak++;
		week = addDays(week, -7);
	}
	return streak;
}

/** A dated deadline for the learner's calendar. */
export interface Deadline {
	uid: string;
	date: IsoDate;
	kind: 'goal' | 'pe' | 'statement';
	title: string;
	detail: string;
}

/**
 * Every deadline ahead: open goals' target dates, the ends of unmet PE rule periods within the
 * next cycle, and output registers' statement deadlines for this and next year.
 */
export function deadlines(
	goals: readonly Goal[],
	registers: readonly Register[],
	activities: readonly PeActivity[],
	today: IsoDate
): Deadline[] {
	const out: Deadline[] = [];
	for (const g of goals) {
		if (isOpen(g) && g.targetDate !== null && g.targetDate >= today) {
			out.push({
				uid: `goal-${g.id}`,
				date: g.targetDate,
				kind: 'goal',
				title: g.title,
				detail: g.description
			});
		}
	}
	const horizon = addMonths(today, 12 * 6);
	for (const register of registers) {
		if (register.model === 'output') {
			const year = Number(today.slice(0, 4));
			for (const y of [year, year + 1]) {
				const progress = outputProgress(register, activities, y, today);
				if (progress.deadline >= today)
					out.push({
						uid: `statement-${register.id}-${y}`,
						date: progress.deadline,
						kind: 'statement',
						title: register.name,
						detail: String(y)
					});
			}
			continue;
		}
		const progress = registerProgress(register, activities, today);
		// One event per register and date, however many of its rules end then.
		for (const rule of progress.rules) {
			if (rule.met || rule.period.end < today || rule.period.end > horizon) continue;
			out.push({
				uid: `pe-${register.id}-${rule.period.end}`,
				date: rule.period.end,
				kind: 'pe',
				title: register.name,
				detail: rule.missing === null ? '' : String(rule.missing)
			});
		}
	}
	const unique = new Map<string, Deadline>();
	for (const d of out) if (!unique.has(d.uid)) unique.set(d.uid, d);
	return [...unique.values()].sort((a, b) => a.date.localeCompare(b.date));
}
