/** Made once per locale: making one costs far more than using it. */
const formats: Record<string, Intl.RelativeTimeFormat> = {};

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
	['second', 60],
	['minute', 60],
	['hour', 24],
	['day', 7],
	['week', 4.35],
	['month', 12],
	['year', Infinity]
];

/** "2 minutes ago", "gisteren": the time from `since` (ISO stamp) to `now`, in `locale`. */
export function relativeTime(since: string, now: Date, locale: string): string {
	const format = (formats[locale] ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
	let amount = (Date.parse(since) - now.getTime()) / 1000;
	if (!Number.isFinite(amount)) return since;
	if (Math.abs(amount) < 45) return format.format(0, 'second');
	for (const [unit, size] of STEPS) {
		if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
		amount /= size;
	}
	return format.format(Math.round(amount), 'year');
}
