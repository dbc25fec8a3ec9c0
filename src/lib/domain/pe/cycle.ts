import { addYears, daysBetween, type IsoDate } from '../dates';

/** One registration cycle: `start` inclusive, `end` exclusive. */
export interface Cycle {
	index: number;
	start: IsoDate;
	end: IsoDate;
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
