/**
 * The one home for dates. Calendar dates are ISO `yyyy-mm-dd` strings (`IsoDate`) in the
 * learner's local time zone; arithmetic on them runs on UTC midnights, so no daylight saving
 * change or time zone can shift a day. Moments (createdAt, lastExportAt) are ISO timestamps.
 */
export type IsoDate = string;

/** A day of UTC time in milliseconds (UTC has no daylight saving). */
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** True when `value` is a real calendar date written as yyyy-mm-dd. */
export function isIsoDate(value: string): boolean {
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [, y, m, d] = match.map(Number) as [number, number, number, number];
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The year, month (1–12) and day of `date`; a part that is missing or not a number is NaN. */
export function isoDateParts(date: IsoDate): [year: number, month: number, day: number] {
	const [y, m, d] = date.split('-').map(Number);
	return [y ?? NaN, m ?? NaN, d ?? NaN];
}

/** Writes a year, month (1–12) and day as yyyy-mm-dd. */
export function isoDateOf(year: number, month: number, day: number): IsoDate {
	return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The local calendar date of `now` as yyyy-mm-dd. */
export function toIsoDate(now: Date = new Date()): IsoDate {
	return isoDateOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The UTC calendar date of an instant; throws a RangeError for an invalid one. */
export function toUtcIsoDate(at: Date): IsoDate {
	if (Number.isNaN(at.getTime())) throw new RangeError('Invalid time value');
	return isoDateOf(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}

/** Midnight UTC at the start of `date` (setUTCFullYear, so years below 100 stay themselves). */
export function utcMidnight(date: IsoDate): Date {
	const [y, m, d] = isoDateParts(date);
	const at = new Date(0);
	at.setUTCFullYear(y, m - 1, d);
	return at;
}

/** Midnight in the learner's time zone at the start of `date`. */
export function localMidnight(date: IsoDate): Date {
	const [y, m, d] = isoDateParts(date);
	const at = new Date(0);
	at.setFullYear(y, m - 1, d);
	at.setHours(0, 0, 0, 0);
	return at;
}

/** The date `days` after `date` (before it when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
	const at = utcMidnight(date);
	at.setUTCDate(at.getUTCDate() + days);
	return toUtcIsoDate(at);
}

/** Days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
	return Math.round((utcMidnight(b).getTime() - utcMidnight(a).getTime()) / DAY_MS);
}

function daysInMonth(year: number, month: number): number {
	const at = new Date(0);
	at.setUTCFullYear(year, month, 0);
	return at.getUTCDate();
}

/** Adds whole months; a day that does not exist in the target month becomes its last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
	const [y, m, d] = isoDateParts(date);
	const total = y * 12 + (m - 1) + months;
	const year = Math.floor(total / 12);
	const month = (total % 12) + 1;
	return isoDateOf(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Adds whole years (29 February + 1 year = 28 February). */
export function addYears(date: IsoDate, years: number): IsoDate {
	return addMonths(date, years * 12);
}

/** Months from `a` to `b` as a fraction (average Gregorian month length). */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
	return daysBetween(a, b) / (365.2425 / 12);
}

/** The Monday on or before `date` (weeks start on Monday, as in ISO 8601). */
export function startOfWeek(date: IsoDate): IsoDate {
	return addDays(date, -((utcMidnight(date).getUTCDay() + 6) % 7));
}

/** The moment `days` whole days (of 24 hours) after `at`; before it when negative. */
export function addDaysToInstant(at: Date, days: number): Date {
	return new Date(at.getTime() + days * DAY_MS);
}

/** Whole days (of 24 hours, rounded down) from the ISO timestamp `since` to `now`. */
export function elapsedDays(since: string, now: Date): number {
	return Math.floor((now.getTime() - Date.parse(since)) / DAY_MS);
}

/** A timestamp for createdAt/updatedAt fields. */
export function nowStamp(): string {
	return new Date().toISOString();
}

/** Made once per locale and style: making one costs far more than using it. */
const dateFormats: Record<string, Intl.DateTimeFormat> = {};

/** Formats an ISO date (yyyy-mm-dd) for `locale`, in the learner's calendar. */
export function formatIsoDate(
	iso: string,
	locale: string,
	style: 'medium' | 'long' = 'medium'
): string {
	const [y, m, d] = isoDateParts(iso.slice(0, 10));
	if (!y || !m || !d) return iso;
	const format = (dateFormats[`${locale}|${style}`] ??= new Intl.DateTimeFormat(locale, {
		dateStyle: style
	}));
	return format.format(new Date(y, m - 1, d));
}
