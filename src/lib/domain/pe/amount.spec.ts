import { describe, expect, it } from 'vitest';
import { amountInput, formatNumber, parseDecimal } from './amount';

describe('parseDecimal', () => {
	it('reads a decimal comma and a decimal point as the same number', () => {
		expect(parseDecimal('4,5')).toEqual({ ok: true, value: 4.5 });
		expect(parseDecimal('4.5')).toEqual({ ok: true, value: 4.5 });
		expect(parseDecimal(' 12 ')).toEqual({ ok: true, value: 12 });
		expect(parseDecimal('0,125')).toEqual({ ok: true, value: 0.125 });
		expect(parseDecimal(',5')).toEqual({ ok: true, value: 0.5 });
		expect(parseDecimal('1234')).toEqual({ ok: true, value: 1234 });
	});

	it('reads an empty field as no amount', () => {
		expect(parseDecimal('')).toEqual({ ok: true, value: null });
		expect(parseDecimal(null)).toEqual({ ok: true, value: null });
		expect(parseDecimal(4.5)).toEqual({ ok: true, value: 4.5 });
	});

	it('refuses what could be read two ways instead of guessing', () => {
		for (const text of ['1,234', '1.234', '1.234,5', '1,234.5', '12 000', '1.2.3'])
			expect(parseDecimal(text), text).toEqual({ ok: false, reason: 'ambiguous' });
	});

	it('refuses what is not a number', () => {
		for (const text of ['abc', '-4', '4,5 uur', '1e3', 'Infinity'])
			expect(parseDecimal(text), text).toEqual({ ok: false, reason: 'invalid' });
		expect(parseDecimal(Number.NaN)).toEqual({ ok: false, reason: 'invalid' });
	});
});

describe('formatNumber', () => {
	it('writes numbers as the language does', () => {
		expect(formatNumber(32.5, 'nl')).toBe('32,5');
		expect(formatNumber(32.5, 'en')).toBe('32.5');
		expect(formatNumber(1234.5, 'nl')).toBe('1.234,5');
		expect(formatNumber(10 / 3, 'en')).toBe('3.33');
	});
});

describe('amountInput', () => {
	it('keeps every digit and writes a decimal comma in Dutch', () => {
		expect(amountInput(4.5, 'nl')).toBe('4,5');
		expect(amountInput(4.5, 'en')).toBe('4.5');
		expect(amountInput(1 / 28, 'nl')).toBe(String(1 / 28).replace('.', ','));
		expect(amountInput(1234, 'nl')).toBe('1234');
		expect(amountInput(null, 'nl')).toBe('');
	});

	it('gives back what parseDecimal reads as the same value', () => {
		for (const n of [0, 4.5, 0.25, 184, 1 / 28, 12.75, 1.234, 0.125])
			for (const locale of ['nl', 'en'])
				expect(parseDecimal(amountInput(n, locale))).toEqual({ ok: true, value: n });
	});
});
