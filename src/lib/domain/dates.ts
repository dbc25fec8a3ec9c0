/** Calendar dates are stored as ISO `yyyy-mm-dd` strings in the learner's local time zone. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written as yyyy-mm-dd. */
export function isIsoDate(value: string): boolean {
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const [, y, m, d] = match.map(Number) as [number, number, number, number];
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The local calendar date of `now` as yyyy-mm-dd. */
export function toIsoDate(now: Date = new Date()): IsoDate {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
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
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	if (!y || !m || !d) return iso;
	const format = (dateFormats[`${locale}|${style}`] ??= new Intl.DateTimeFormat(locale, {
		dateStyle: style
	}));
	return format.format(new Date(y, m - 1, d));
}
