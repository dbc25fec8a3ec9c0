import { addDays, addYears, daysBetween, monthsBetween, type IsoDate } from '../dates';
import type { PeActivity } from './activity';
import { cycleAt, within, yearsOf, type Cycle } from './cycle';
import type { Category, Register } from './register';

/** Points per category in a cycle; `excess` is what lies above the category maximum. */
export interface CategoryProgress {
	category: Category;
	raw: number;
	counted: number;
	excess: number;
}

export type RuleKind = 'total' | 'categoryMin' | 'categoryShare' | 'yearMin';

/** One rule of a register checked against the learner's activities. */
export interface RuleResult {
	kind: RuleKind;
	categoryId: string | null;
	/** For a per-year rule: the register year it is about. */
	period: { start: IsoDate; end: IsoDate };
	required: number;
	achieved: number;
	missing: number;
	met: boolean;
	/** What the learner will have by the deadline at their pace so far. */
	projected: number;
}

export type ProgressStatus = 'met' | 'onTrack' | 'behind';

/** Where a learner stands in one cycle of one register. */
export interface RegisterProgress {
	cycle: Cycle;
	closed: boolean;
	/** Share of the norms that applies (1 unless the learner joined during the cycle). */
	proRata: number;
	required: number | null;
	counted: number;
	raw: number;
	uncategorised: number;
	categories: CategoryProgress[];
	rules: RuleResult[];
	status: ProgressStatus;
	monthsLeft: number;
}

/** The pace is only trusted after this many months of a period. */
const MIN_MONTHS_FOR_PACE = 3;
const EPSILON = 1e-9;

/** Rounds up to two decimals (activities may carry half points). */
const roundUp = (n: number) => Math.ceil(n * 100 - EPSILON) / 100;

/** The credits of `register` on activities completed within `range` and not after `today`. */
function creditsIn(
	register: Register,
	activities: readonly PeActivity[],
	range: { start: IsoDate; end: IsoDate },
	today: IsoDate
) {
	const tomorrow = addDays(today, 1);
	const window = { start: range.start, end: range.end < tomorrow ? range.end : tomorrow };
	return activities.flatMap((activity) =>
		within(activity.endDate, window)
			? activity.credits.filter((credit) => credit.registerId === register.id)
			: []
	);
}

/** The share of a period that the learner is registered for (pro rata). */
function proRataFor(register: Register, period: { start: IsoDate; end: IsoDate }): number {
	const joined = register.registeredOn;
	if (!joined || joined <= period.start) return 1;
	if (joined >= period.end) return 0;
	return daysBetween(joined, period.end) / daysBetween(period.start, period.end);
}

function rule(
	kind: RuleKind,
	categoryId: string | null,
	period: { start: IsoDate; end: IsoDate },
	required: number,
	achieved: number,
	counting: { from: IsoDate; today: IsoDate }
): RuleResult {
	const met = achieved >= required - EPSILON;
	const elapsed = monthsBetween(
		counting.from,
		counting.today < period.end ? counting.today : period.end
	);
	const left = Math.max(0, monthsBetween(counting.today, period.end));
	const projected =
		met || left === 0
			? achieved
			: elapsed < MIN_MONTHS_FOR_PACE
				? Math.max(achieved, required)
				: achieved + (achieved / elapsed) * left;
	return {
		kind,
		categoryId,
		period,
		required,
		achieved,
		missing: met ? 0 : roundUp(required - achieved),
		met,
		projected
	};
}

/**
 * Evaluates a points-based register for one cycle (by default the one containing `today`):
 * points above a category maximum do not count, norms are pro rata when the learner joined
 * during the cycle, activities count on their completion date, and the status forecasts each
 * unmet rule at the learner's pace so far.
 */
export function registerProgress(
	register: Register,
	activities: readonly PeActivity[],
	today: IsoDate,
	cycle: Cycle = cycleAt(register.cycleStart, register.cycleYears, today)
): RegisterProgress {
	const closed = today >= cycle.end;
	const proRata = proRataFor(register, cycle);
	// Pro-rated norms are rounded up to whole units, as registers state them.
	const scale = (n: number) => (proRata === 1 ? n : Math.ceil(n * proRata - EPSILON));
	const from =
		register.registeredOn && register.registeredOn > cycle.start
			? register.registeredOn
			: cycle.start;
	const counting = { from, today };
	const credits = creditsIn(register, activities, cycle, today);

	const categories = register.categories.map((category) => {
		const raw = credits
			.filter((credit) => credit.categoryId === category.id)
			.reduce((sum, credit) => sum + credit.points, 0);
		const counted = category.max === null ? raw : Math.min(raw, category.max);
		return { category, raw, counted, excess: raw - counted };
	});
	const known = new Set(register.categories.map((category) => category.id));
	const uncategorised = credits
		.filter((credit) => credit.categoryId === null || !known.has(credit.categoryId))
		.reduce((sum, credit) => sum + credit.points, 0);
	const counted = categories.reduce((sum, c) => sum + c.counted, 0) + uncategorised;
	const raw = credits.reduce((sum, credit) => sum + credit.points, 0);
	const required = register.required === null ? null : scale(register.required);

	const rules: RuleResult[] = [];
	if (required !== null) rules.push(rule('total', null, cycle, required, counted, counting));
	for (const { category, counted: achieved } of categories) {
		if (category.min !== null)
			rules.push(rule('categoryMin', category.id, cycle, scale(category.min), achieved, counting));
		if (category.minShare !== null) {
			const base = required ?? counted;
			const share = roundUp(category.minShare * base);
			rules.push(rule('categoryShare', category.id, cycle, share, achieved, counting));
		}
	}
	if (register.perYearMinimum !== null) {
		for (const year of yearsOf(cycle)) {
			const share = proRataFor(register, year);
			if (year.start > today || share === 0) continue;
			const achieved = creditsIn(register, activities, year, today).reduce(
				(sum, credit) => sum + credit.points,
				0
			);
			const yearFrom =
				register.registeredOn && register.registeredOn > year.start
					? register.registeredOn
					: year.start;
			rules.push(
				rule(
					'yearMin',
					null,
					year,
					share === 1
						? register.perYearMinimum
						: Math.ceil(register.perYearMinimum * share - EPSILON),
					achieved,
					{
						from: yearFrom,
						today
					}
				)
			);
		}
	}

	const unmet = rules.filter((r) => !r.met);
	const status: ProgressStatus =
		unmet.length === 0
			? 'met'
			: unmet.some((r) => r.period.end <= today || r.projected < r.required - EPSILON)
				? 'behind'
				: 'onTrack';
	return {
		cycle,
		closed,
		proRata,
		required,
		counted,
		raw,
		uncategorised,
		categories,
		rules,
		status,
		monthsLeft: closed ? 0 : Math.max(0, monthsBetween(today, cycle.end))
	};
}

/** What one category of a register counts in a cycle, beside what was logged and its rules. */
export interface CategoryLine {
	/** Null for the points logged without a (known) category. */
	category: Category | null;
	/** Everything logged in the category. */
	raw: number;
	/** What counts toward the total (raw, capped at the maximum). */
	counted: number;
	/** Logged above the maximum: does not count. */
	excess: number;
	/** The minimum that applies in this cycle (pro rata when the learner joined during it). */
	min: number | null;
	max: number | null;
	/** The minimum share, as a fraction of the total, and what it comes to in units. */
	share: { fraction: number; amount: number } | null;
	/** Whether every minimum of the category is met; null when it has none. */
	met: boolean | null;
}

/** Per category: counted, raw and the rules, in the register's order; uncategorised last. */
export function categoryLines(progress: RegisterProgress): CategoryLine[] {
	const lines: CategoryLine[] = progress.categories.map(({ category, raw, counted, excess }) => {
		const own = progress.rules.filter((r) => r.categoryId === category.id);
		const min = own.find((r) => r.kind === 'categoryMin');
		const share = own.find((r) => r.kind === 'categoryShare');
		return {
			category,
			raw,
			counted,
			excess,
			min: min?.required ?? null,
			max: category.max,
			share:
				share && category.minShare !== null
					? { fraction: category.minShare, amount: share.required }
					: null,
			met: own.length ? own.every((r) => r.met) : null
		};
	});
	if (progress.uncategorised > 0)
		lines.push({
			category: null,
			raw: progress.uncategorised,
			counted: progress.uncategorised,
			excess: 0,
			min: null,
			max: null,
			share: null,
			met: null
		});
	return lines;
}

/** One year of an output-based register (NBA): plan → activities with reflections → statement. */
export interface OutputYearProgress {
	year: number;
	hasPlan: boolean;
	goalCount: number;
	activities: PeActivity[];
	reflected: number;
	hasStatement: boolean;
	/** The compliance statement is due before 1 February of the next year. */
	deadline: IsoDate;
	status: ProgressStatus;
}

/** Evaluates an output-based register for a calendar year. */
export function outputProgress(
	register: Register,
	activities: readonly PeActivity[],
	year: number,
	today: IsoDate
): OutputYearProgress {
	const entry = register.outputYears.find((y) => y.year === year);
	const range = { start: `${year}-01-01`, end: `${year + 1}-01-01` };
	const own = activities.filter(
		(activity) =>
			within(activity.endDate, range) &&
			activity.credits.some((credit) => credit.registerId === register.id)
	);
	const reflected = own.filter((activity) => activity.reflection.trim() !== '').length;
	const hasPlan = !!entry?.plan.trim();
	const hasStatement = !!entry?.statement.trim();
	const deadline = `${year + 1}-02-01`;
	const done = hasPlan && own.length > 0 && reflected === own.length && hasStatement;
	return {
		year,
		hasPlan,
		goalCount: entry?.goalIds.length ?? 0,
		activities: own,
		reflected,
		hasStatement,
		deadline,
		status: done ? 'met' : today >= deadline ? 'behind' : 'onTrack'
	};
}

/** A deadline that nears with a rule still unmet. */
export interface PeReminder {
	registerId: string;
	deadline: IsoDate;
	daysLeft: number;
	missing: number | null;
}

/** Unmet rules and output statements due within `withinDays` of today, soonest first. */
export function peReminders(
	registers: readonly Register[],
	activities: readonly PeActivity[],
	today: IsoDate,
	withinDays = 90
): PeReminder[] {
	const reminders: PeReminder[] = [];
	const horizon = addYears(today, 1);
	for (const register of registers) {
		if (register.model === 'output') {
			const year = Number(today.slice(0, 4));
			for (const y of [year - 1, year]) {
				const progress = outputProgress(register, activities, y, today);
				const daysLeft = daysBetween(today, progress.deadline);
				if (progress.status !== 'met' && daysLeft >= 0 && daysLeft <= withinDays)
					reminders.push({
						registerId: register.id,
						deadline: progress.deadline,
						daysLeft,
						missing: null
					});
			}
			continue;
		}
		const progress = registerProgress(register, activities, today);
		for (const r of progress.rules) {
			const daysLeft = daysBetween(today, r.period.end);
			if (!r.met && r.period.end <= horizon && daysLeft >= 0 && daysLeft <= withinDays)
				reminders.push({
					registerId: register.id,
					deadline: r.period.end,
					daysLeft,
					missing: r.missing
				});
		}
	}
	return reminders.sort((a, b) => a.daysLeft - b.daysLeft);
}
