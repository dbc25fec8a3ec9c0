/**
 * Amounts (points, hours) as people type and read them: "4,5" and "4.5" are the same number in
 * any language, and a number that could be read two ways is refused, never guessed.
 */

/** What a typed amount reads as; `null` for an empty field. */
export type DecimalReading =
	{ ok: true; value: number | null } | { ok: false; reason: 'ambiguous' | 'invalid' };

/**
 * Reads "4,5", "4.5", "12" or "" (null). Refuses thousands separators and any text that could be
 * read two ways: "1,234" is 1.234 in Dutch and 1234 in English, "1.234,5" is a guess either way.
 */
export function parseDecimal(input: string | number | null | undefined): DecimalReading {
	if (input === null || input === undefined) return { ok: true, value: null };
	if (typeof input === 'number')
		return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: 'invalid' };
	const text = input.trim();
	if (text === '') return { ok: true, value: null };
	if (/^\d+$/.test(text)) return { ok: true, value: Number(text) };
	const match = /^(\d*)[.,](\d+)$/.exec(text);
	if (match) {
		const [, whole = '', fraction = ''] = match;
		// One separator and three digits after it reads as thousands in one language.
		if (fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole))
			return { ok: false, reason: 'ambiguous' };
		return { ok: true, value: Number(`${whole || '0'}.${fraction}`) };
	}
	if (/^[\d.,\s']+$/.test(text) && /\d/.test(text)) return { ok: false, reason: 'ambiguous' };
	return { ok: false, reason: 'invalid' };
}

/** Made once per locale and options: making one costs far more than using it. */
const numberFormats: Record<string, Intl.NumberFormat> = {};

/** A number for `locale` to read: 32,5 in Dutch, 32.5 in English (at most two decimals). */
export function formatNumber(value: number, locale: string): string {
	const format = (numberFormats[locale] ??= new Intl.NumberFormat(locale, {
		maximumFractionDigits: 2
	}));
	return format.format(value);
}

/**
 * A number to put in an input field for `locale`: every digit kept (the field must not change
 * the value), no thousands separator, a decimal comma where the language writes one.
 */
export function amountInput(value: number | null, locale: string): string {
	if (value === null) return '';
	const text = String(value);
	if (text.includes('e')) return text;
	// "1.234" would read as thousands; "1.2340" is the same value and reads one way only.
	const plain = /^[1-9]\d{0,2}\.\d{3}$/.test(text) ? `${text}0` : text;
	const comma = formatNumber(1.5, locale).includes(',');
	return comma ? plain.replace('.', ',') : plain;
}
