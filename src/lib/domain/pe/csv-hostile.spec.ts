import { describe, expect, it } from 'vitest';
import { guessMapping, parseCsv, rowsToActivities, type CsvTable } from './csv';
import { makeRegister } from '$lib/testing/factories';

const register = makeRegister();

function imported(text: string) {
	const table = parseCsv(text) as CsvTable;
	return rowsToActivities(table, guessMapping(table.headers), register);
}

describe('CSV import of absurd numbers', () => {
	it('refuses points that are too large to be real, per row, instead of importing ∞', () => {
		const huge = '9'.repeat(400);
		const { activities, errors } = imported(
			[
				'title,date,points',
				'Course,2026-03-01,99999999999999999999999',
				`Course,2026-03-02,${huge}`,
				'Course,2026-03-03,1e400',
				'Course,2026-03-04,12'
			].join('\n')
		);
		expect(errors).toEqual([
			{ line: 2, field: 'points', code: 'tooLarge', value: '99999999999999999999999' },
			{ line: 3, field: 'points', code: 'tooLarge', value: huge },
			{ line: 4, field: 'points', code: 'amount', value: '1e400' }
		]);
		expect(activities.map((a) => a.fields.credits[0]!.points)).toEqual([12]);
	});

	it('refuses hours that are too large, and hours whose points would be', () => {
		const { errors } = imported(
			['title,date,hours', 'Course,2026-03-01,10001', `Course,2026-03-02,${'9'.repeat(320)}`].join(
				'\n'
			)
		);
		expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([
			[2, 'hours', 'tooLarge'],
			[3, 'hours', 'tooLarge']
		]);
	});
});
