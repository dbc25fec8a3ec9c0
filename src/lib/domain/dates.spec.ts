import { describe, expect, it } from 'vitest';
import { formatIsoDate, isIsoDate, toIsoDate } from './dates';
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

describe('tags', () => {
	it('normalises and collects tags', () => {
		expect(normaliseTags(' ICT,  Team  work ,ict,,')).toEqual(['ict', 'team work']);
		expect(collectTags([{ tags: ['b', 'a'] }, { tags: ['a'] }])).toEqual(['a', 'b']);
	});
});
