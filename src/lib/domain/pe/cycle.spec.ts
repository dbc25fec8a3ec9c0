import { describe, expect, it } from 'vitest';
import { addYears, monthsBetween } from '../dates';
import { cycleAt, cyclesUntil, yearsOf } from './cycle';

describe('cycle arithmetic', () => {
	it('finds the cycle around a date, boundaries included on the start side', () => {
		expect(cycleAt('2020-03-01', 5, '2025-02-28')).toEqual({
			index: 0,
			start: '2020-03-01',
			end: '2025-03-01'
		});
		expect(cycleAt('2020-03-01', 5, '2025-03-01').index).toBe(1);
		expect(cycleAt('2020-03-01', 5, '2019-12-31')).toEqual({
			index: -1,
			start: '2015-03-01',
			end: '2020-03-01'
		});
	});

	it('handles a cycle that starts on 29 February', () => {
		expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
		expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
		const cycle = cycleAt('2024-02-29', 1, '2025-02-28');
		expect(cycle).toEqual({ index: 1, start: '2025-02-28', end: '2026-02-28' });
		expect(cycleAt('2024-02-29', 1, '2025-02-27').index).toBe(0);
	});

	it('lists the cycles so far and the register years of a cycle', () => {
		expect(cyclesUntil('2015-01-01', 5, '2026-06-01').map((c) => c.start)).toEqual([
			'2015-01-01',
			'2020-01-01',
			'2025-01-01'
		]);
		expect(yearsOf(cycleAt('2024-07-01', 2, '2024-08-01'))).toEqual([
			{ start: '2024-07-01', end: '2025-07-01' },
			{ start: '2025-07-01', end: '2026-07-01' }
		]);
	});

	it('measures months', () => {
		expect(monthsBetween('2026-01-01', '2027-01-01')).toBeCloseTo(12, 0);
	});
});
