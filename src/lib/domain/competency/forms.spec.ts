import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../validation';
import {
	emptyFrameworkForm,
	emptyRatingForm,
	FrameworkFormSchema,
	frameworkToForm,
	outlineProblem,
	RatingFormSchema
} from './forms';

const framework = (fields: Partial<ReturnType<typeof emptyFrameworkForm>>) => ({
	...emptyFrameworkForm('en'),
	title: 'Eigen kader',
	outline: 'C Communicatie\n  C1 Feedback geven - Specifiek en vriendelijk.',
	...fields
});
const errors = (schema: v.GenericSchema, input: unknown) => {
	const result = v.safeParse(schema, input);
	return result.success ? {} : fieldErrors(result.issues);
};

describe('framework form', () => {
	it('parses the outline into a tree and the levels one per line', () => {
		const fields = v.parse(FrameworkFormSchema, framework({ title: '  Eigen kader ' }));
		expect(fields.title).toBe('Eigen kader');
		expect(fields.levels.length).toBeGreaterThanOrEqual(2);
		expect(fields.competencies.map((c) => [c.code, c.parentId])).toEqual([
			['C', null],
			['C1', 'C']
		]);
		expect(fields.competencies[1]?.description).toBe('Specifiek en vriendelijk.');
	});

	it('names every field that needs attention at once', () => {
		expect(
			errors(FrameworkFormSchema, framework({ title: ' ', levels: 'Alleen', outline: '' }))
		).toEqual({
			title: 'error.titleRequired',
			levels: 'error.levelsTooFew',
			outline: 'error.outlineEmpty'
		});
	});

	it('refuses an outline indented two steps, and says which line', () => {
		const outline = 'A Een\n      A1 Te diep';
		expect(errors(FrameworkFormSchema, framework({ outline }))).toEqual({
			outline: 'error.outlineLine'
		});
		expect(outlineProblem(outline)).toEqual({ id: 'error.outlineLine', line: 2 });
		expect(outlineProblem('A Een')).toBeNull();
	});

	it('round-trips a framework through the form unchanged', () => {
		const fields = v.parse(FrameworkFormSchema, framework({}));
		expect(v.parse(FrameworkFormSchema, frameworkToForm(fields))).toEqual(fields);
	});
});

describe('self-assessment form', () => {
	it('starts today without a level, and asks for one', () => {
		const form = emptyRatingForm();
		expect(form.levelId).toBe('');
		expect(errors(RatingFormSchema, form)).toEqual({ levelId: 'error.levelRequired' });
	});

	it('accepts a backdated rating but not one in the future or a non-date', () => {
		const rating = { levelId: 'l2', note: ' Eerste keer ', date: '2026-01-05' };
		expect(v.parse(RatingFormSchema, rating).note).toBe('Eerste keer');
		expect(errors(RatingFormSchema, { ...rating, date: '2999-01-01' })).toEqual({
			date: 'error.date'
		});
		expect(errors(RatingFormSchema, { ...rating, date: '2026-02-30' })).toEqual({
			date: 'error.date'
		});
	});
});
