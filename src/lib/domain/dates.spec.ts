import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addDays,
	addDaysToInstant,
	addMonths,
	addYears,
	daysBetween,
	elapsedDays,
	formatIsoDate,
	isIsoDate,
	isoDateOf,
	isoDateParts,
	localMidnight,
	startOfWeek,
	toIsoDate,
	toUtcIsoDate,
	utcMidnight
} from './dates';
import { collectTags, normaliseTags } from './tags';

describe('dates', () => {
	it('accepts real calendar dates only', () => {
		expect(isIsoDate('2024-02-29')).toBe(true);
		expect(isIsoDate('2025-02-29')).toBe(false);
		expect(isIsoDate('2025-13-01')).toBe(false);
		expect(isIsoDate('1-1-2025')).toBe(false);
	});

	it('writes the local date and formats it per language', () => {
		expect(toIsoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
		expect(formatIsoDate('2026-03-01', 'nl', 'long')).toBe('1 maart 2026');
		expect(formatIsoDate('2026-03-01', 'en-GB', 'long')).toBe('1 March 2026');
	});
});

/** Any calendar date from 1900 to 2200, the range learners' records live in and beyond. */
const anyDate = fc
	.date({
		min: new Date('1900-01-01T00:00:00Z'),
		max: new Date('2200-12-31T23:59:59Z'),
		noInvalidDate: true
	})
	.map(toUtcIsoDate);
const anyDays = fc.integer({ min: -40_000, max: 40_000 });

/** How the modules wrote it before dates had one home: the reference the new code must match. */
function addDaysBefore(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

describe('date arithmetic', () => {
	it('adds days across month ends, leap days and daylight saving changes', () => {
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
		expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
		expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
		expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
		expect(daysBetween('2026-12-02', '2027-01-01')).toBe(30);
		expect(daysBetween('2027-01-01', '2026-12-02')).toBe(-30);
	});

	it('gives what the hand-written copies gave, for any date and any shift', () => {
		fc.assert(
			fc.property(anyDate, anyDays, (date, days) => {
				expect(addDays(date, days)).toBe(addDaysBefore(date, days));
			})
		);
	});

	it('counts back the days it added, and adding in two steps is adding once', () => {
		fc.assert(
			fc.property(anyDate, anyDays, anyDays, (date, a, b) => {
				const later = addDays(date, a);
				expect(isIsoDate(later)).toBe(true);
				expect(daysBetween(date, later)).toBe(a);
				expect(daysBetween(later, date) + a).toBe(0);
				expect(addDays(later, b)).toBe(addDays(date, a + b));
			})
		);
	});

	it('starts a week on the Monday on or before a date', () => {
		expect(startOfWeek('2026-12-02')).toBe('2026-11-30');
		expect(startOfWeek('2026-11-30')).toBe('2026-11-30');
		expect(startOfWeek('2027-01-03')).toBe('2026-12-28');
		fc.assert(
			fc.property(anyDate, (date) => {
				const monday = startOfWeek(date);
				expect(utcMidnight(monday).getUTCDay()).toBe(1);
				expect(daysBetween(monday, date)).toBeGreaterThanOrEqual(0);
				expect(daysBetween(monday, date)).toBeLessThan(7);
				expect(startOfWeek(monday)).toBe(monday);
			})
		);
	});

	it('adds months and years, keeping the day or taking the last day of a shorter month', () => {
		expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
		expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
		expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
		fc.assert(
			fc.property(anyDate, fc.integer({ min: -600, max: 600 }), (date, months) => {
				const moved = addMonths(date, months);
				const [y, m, d] = isoDateParts(date);
				const [y2, m2, d2] = isoDateParts(moved);
				expect(isIsoDate(moved)).toBe(true);
				expect(y2 * 12 + m2 - (y * 12 + m)).toBe(months);
				expect(d2 === d || (d2 < d && addDays(moved, 1).endsWith('-01'))).toBe(true);
				expect(addYears(date, months)).toBe(addMonths(date, months * 12));
			})
		);
	});

	it('writes and reads a date by its parts, and sets midnight UTC whatever the time zone', () => {
		expect(isoDateOf(2026, 3, 1)).toBe('2026-03-01');
		expect(isoDateOf(987, 12, 9)).toBe('0987-12-09');
		expect(utcMidnight('0050-06-01').toISOString()).toBe('0050-06-01T00:00:00.000Z');
		expect(() => toUtcIsoDate(new Date(Number.NaN))).toThrow(RangeError);
		fc.assert(
			fc.property(anyDate, (date) => {
				expect(isoDateOf(...isoDateParts(date))).toBe(date);
				expect(utcMidnight(date).toISOString()).toBe(`${date}T00:00:00.000Z`);
				expect(toUtcIsoDate(utcMidnight(date))).toBe(date);
			})
		);
	});

	it('counts whole elapsed days between moments, rounding down', () => {
		const at = new Date('2026-06-30T12:00:00.000Z');
		expect(addDaysToInstant(at, 7).toISOString()).toBe('2026-07-07T12:00:00.000Z');
		expect(elapsedDays('2026-06-01T12:00:00.000Z', at)).toBe(29);
		expect(elapsedDays('2026-06-01T12:00:00.001Z', at)).toBe(28);
		expect(elapsedDays('not a time', at)).toBeNaN();
		fc.assert(
			fc.property(fc.integer({ min: -10_000, max: 10_000 }), (days) => {
				expect(elapsedDays(at.toISOString(), addDaysToInstant(at, days))).toBe(days);
			})
		);
	});
});

describe('tags', () => {
	it('normalises and collects tags', () => {
		expect(normaliseTags(' ICT,  Team  work ,ict,,')).toEqual(['ict', 'team work']);
		expect(collectTags([{ tags: ['b', 'a'] }, { tags: ['a'] }])).toEqual(['a', 'b']);
	});
});

describe('localMidnight', () => {
	it('is the start of the day in the local time zone', () => {
		const at = localMidnight('2026-12-03');
		expect([at.getFullYear(), at.getMonth() + 1, at.getDate(), at.getHours()]).toEqual([
			2026, 12, 3, 0
		]);
		expect(toIsoDate(at)).toBe('2026-12-03');
		expect(toIsoDate(new Date(at.getTime() - 1))).toBe('2026-12-02');
	});
});
