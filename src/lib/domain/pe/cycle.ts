import type { IsoDate } from '../dates';

/** One registration cycle: `start` inclusive, `end` exclusive. */
export interface Cycle {
	index: number;
	start: IsoDate;
	end: IsoDate;
}

function parts(date: IsoDate): [number, number, number] {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	return [y, m, d];
}

function format(y: number, m: number, d: number): IsoDate {
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
	return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Adds whole months; a day that does not exist in the target month becomes its last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
	const [y, m, d] = parts(date);
	const total = y * 12 + (m - 1) + months;
	const year = Math.floor(total / 12);
	const month = (total % 12) + 1;
	return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Adds whole years (29 February + 1 year = 28 February). */
export function addYears(date: IsoDate, years: number): IsoDate {
	return addMonths(date, years * 12);
}

/** Days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
	const toUtc = (date: IsoDate) => {
		const [y, m, d] = parts(date);
		return Date.UTC(y, m - 1, d);
	};
	return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** Months from `a` to `b` as a fraction (average month length). */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
	return daysBetween(a, b) / (365.2425 / 12);
}

/** The cycle that contains `date`, for cycles of `years` starting at `start` (index may be < 0). */
export function cycleAt(start: IsoDate, years: number, date: IsoDate): Cycle {
	let index = Math.floor(daysBetween(start, date) / (365.2425 * years));
	// The estimate can be off by one near a boundary; settle it on real dates.
	while (addYears(start, index * years) > date) index--;
	while (addYears(start, (index + 1) * years) <= date) index++;
	return {
		index,
		start: addYears(start, index * years),
		end: addYears(start, (index + 1) * years)
	};
}

/** The cycle with a given index. */
export function cycleByIndex(start: IsoDate, years: number, index: number): Cycle {
	return {
		index,
		start: addYears(start, index * years),
		end: addYears(start, (index + 1) * years)
	};
}

/** Every cycle from the first (index 0) up to and including the one containing `date`. */
export function cyclesUntil(start: IsoDate, years: number, date: IsoDate): Cycle[] {
	const last = cycleAt(start, years, date).index;
	const cycles: Cycle[] = [];
	for (let index = 0; index <= last; index++) cycles.push(cycleByIndex(start, years, index));
	return cycles;
}

/** The register years (one year each, from the cycle start) that make up a cycle. */
export function yearsOf(cycle: Cycle): { start: IsoDate; end: IsoDate }[] {
	const years: { start: IsoDate; end: IsoDate }[] = [];
	for (let start = cycle.start; start < cycle.end; start = addYears(start, 1)) {
		const end = addYears(start, 1);
		years.push({ start, end: end < cycle.end ? end : cycle.end });
	}
	return years;
}

/** True when `date` lies within [start, end). */
export function within(date: IsoDate, range: { start: IsoDate; end: IsoDate }): boolean {
	return date >= range.start && date < range.end;
}
