import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';
import { activitiesToCsv } from './pe/csv';
import { cycleAt } from './pe/cycle';
import { makeActivity, makeRegister } from '$lib/testing/factories';

const FORMULAS = [
	'=HYPERLINK("https://evil.example","Click")',
	'+1+cmd|" /C calc"!A0',
	'-2+3',
	'@SUM(1,2)',
	'\t=1+1',
	'\r=1+1',
	'=1+1\nsecond line'
];

describe('toCsv', () => {
	it('writes formula-like text as quoted text with a leading quote (OWASP)', () => {
		const csv = toCsv(
			['text'],
			FORMULAS.map((f) => [f])
		);
		const cells = Papa.parse<string[]>(csv)
			.data.slice(1)
			.map((row) => row[0]);
		expect(cells).toEqual(FORMULAS.map((f) => `'${f}`));
		for (const f of FORMULAS) expect(csv).toContain(`"'${f.replace(/"/g, '""')}"`);
	});

	it('keeps numbers as numbers, negative ones too, and leaves plain text alone', () => {
		expect(toCsv(['a', 'b', 'c', 'd'], [[-5, 12.5, 'Wound care', null]])).toBe(
			'a,b,c,d\r\n-5,12.5,Wound care,'
		);
	});
});

describe('the PE audit CSV', () => {
	it('neutralises formula cells in every text column', () => {
		const register = makeRegister();
		const activity = makeActivity(register.id, 3, '2026-02-01', null, {
			title: FORMULAS[0],
			provider: FORMULAS[1],
			accreditationCode: FORMULAS[3]
		});
		const csv = activitiesToCsv(register, [activity], cycleAt('2025-01-01', 5, '2026-03-01'));
		const [, row] = Papa.parse<string[]>(csv).data;
		expect(row!.slice(2, 6)).toEqual([
			`'${FORMULAS[0]}`,
			'course',
			`'${FORMULAS[1]}`,
			`'${FORMULAS[3]}`
		]);
		expect(row![7]).toBe('3');
	});
});
