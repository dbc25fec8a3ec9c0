import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { registerProgress } from './progress';
import {
	activitiesToCsv,
	categoriesToCsv,
	guessMapping,
	parseCsv,
	rowsToActivities,
	type CsvTable
} from './csv';
import { cycleAt } from './cycle';
import { makeActivity, makeRegister } from '$lib/testing/factories';

const register = makeRegister();

function table(text: string): CsvTable {
	const parsed = parseCsv(text);
	if ('error' in parsed) throw new Error(parsed.error);
	return parsed;
}

describe('CSV export', () => {
	it('writes per category what counts, what was logged and the rules', () => {
		const rgs = makeRegister({
			required: 60,
			categories: [
				{ id: 'peer', name: 'Intervisie', min: 2, max: 10, minShare: null },
				{ id: 'own', name: 'Eigen vak', min: null, max: null, minShare: 0.5 }
			]
		});
		const progress = registerProgress(
			rgs,
			[
				makeActivity(rgs.id, 18, '2025-03-01', 'peer'),
				makeActivity(rgs.id, 4.5, '2025-04-01', null)
			],
			'2026-01-01'
		);
		const rows = Papa.parse<Record<string, string>>(categoriesToCsv(progress), {
			header: true
		}).data;
		expect(rows).toEqual([
			{
				category: 'Intervisie',
				counted: '10',
				raw: '18',
				minimum: '2',
				maximum: '10',
				minimum_share_percent: '',
				minimum_share: '',
				met: 'yes'
			},
			{
				category: 'Eigen vak',
				counted: '0',
				raw: '0',
				minimum: '',
				maximum: '',
				minimum_share_percent: '50',
				minimum_share: '30',
				met: 'no'
			},
			{
				category: '',
				counted: '4.5',
				raw: '4.5',
				minimum: '',
				maximum: '',
				minimum_share_percent: '',
				minimum_share: '',
				met: ''
			}
		]);
	});

	it('writes the cycle’s activities, which parse back to the same numbers', () => {
		const activities = [
			makeActivity(register.id, 12.5, '2026-02-01', 'accredited', {
				title: 'Wound care, "advanced"',
				accreditationCode: 'ABC-1'
			}),
			makeActivity(register.id, 4, '2025-06-01', 'other', { hours: 4 }),
			makeActivity(register.id, 9, '2019-01-01')
		];
		const csv = activitiesToCsv(register, activities, cycleAt('2025-01-01', 5, '2026-03-01'));
		const parsed = Papa.parse<Record<string, string>>(csv, { header: true }).data;
		expect(parsed.map((r) => [r.date, r.title, r.category, Number(r.points)])).toEqual([
			['2025-06-01', 'Course of 2025-06-01', 'Other', 4],
			['2026-02-01', 'Wound care, "advanced"', 'Accredited', 12.5]
		]);
	});
});

describe('CSV import', () => {
	it('guesses Dutch column names and reads Dutch dates and decimal commas', () => {
		const t = table(
			'Titel;Datum;Punten;Categorie;Aanbieder\nWondzorg;01-03-2026;2,5;Accredited;V&VN\n'
		);
		const mapping = guessMapping(t.headers);
		expect(mapping).toMatchObject({ title: 'Titel', endDate: 'Datum', points: 'Punten' });
		const { activities, errors } = rowsToActivities(t, mapping, register);
		expect(errors).toEqual([]);
		expect(activities[0]!.fields).toMatchObject({
			title: 'Wondzorg',
			endDate: '2026-03-01',
			provider: 'V&VN',
			credits: [{ registerId: register.id, categoryId: 'accredited', points: 2.5 }]
		});
	});

	it('reports every bad row with its line number', () => {
		const t = table(
			'title,date,points,category\nGood,2026-01-01,3,\n,2026-01-02,3,\nBad date,2026-02-30,3,\nBad points,2026-01-03,three,\n\nUnknown,2026-01-04,1,Secret\n'
		);
		const { activities, errors } = rowsToActivities(t, guessMapping(t.headers), register);
		expect(activities.map((a) => a.line)).toEqual([2]);
		expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([
			[3, 'title', 'required'],
			[4, 'endDate', 'date'],
			[5, 'points', 'amount'],
			[7, 'category', 'category']
		]);
	});

	it('refuses a number that could be read two ways instead of changing it', () => {
		const t = table(
			'titel;datum;punten;uren\nA;01-03-2026;1,234;\nB;01-03-2026;1.234,5;\nC;01-03-2026;4,5;2.5\n'
		);
		const { activities, errors } = rowsToActivities(t, guessMapping(t.headers), register);
		expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([
			[2, 'points', 'ambiguous'],
			[3, 'points', 'ambiguous']
		]);
		expect(activities.map((a) => [a.fields.credits[0]!.points, a.fields.hours])).toEqual([
			[4.5, 2.5]
		]);
	});

	it('converts hours to points with the register’s rate when there is no points column', () => {
		const t = table('title,date,hours\nIntervisie,2026-01-01,2\n');
		const rgs = makeRegister({ unitsPerHour: 1.5, categories: [] });
		const { activities } = rowsToActivities(t, guessMapping(t.headers), rgs);
		expect(activities[0]!.fields.credits[0]!.points).toBe(3);
		expect(activities[0]!.fields.hours).toBe(2);
	});

	it('refuses an empty or malformed file', () => {
		expect(parseCsv('')).toEqual({ error: 'empty' });
		expect(parseCsv('title,date\n')).toEqual({ error: 'empty' });
		expect(parseCsv('title,date\n"unclosed,2026-01-01\n')).toMatchObject({ error: 'malformed' });
	});
});
