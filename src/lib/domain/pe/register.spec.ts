import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../validation';
import { RegisterFormSchema, registerToForm, type RegisterForm } from './register';
import { REGISTER_TEMPLATES } from './templates';

const vv = () =>
	registerToForm(REGISTER_TEMPLATES.find((t) => t.id === 'vv')!.fields('2026-01-01'), 'nl');

/** The issues of a parse as dot paths with their messages. */
function problems(form: RegisterForm): [string, string][] {
	const result = v.safeParse(RegisterFormSchema, form);
	return result.success ? [] : result.issues.map((i) => [v.getDotPath(i) ?? '', i.message]);
}

describe('RegisterFormSchema', () => {
	it('accepts every template as it comes', () => {
		for (const template of REGISTER_TEMPLATES)
			for (const locale of ['nl', 'en']) {
				const form = registerToForm(template.fields('2026-01-01'), locale);
				form.name ||= 'Own register';
				expect(problems(form), template.id).toEqual([]);
			}
	});

	it('reads "4,5" and "4.5" as the same amount and keeps it', () => {
		const form = vv();
		form.required = '184,5';
		form.categories[0]!.min = '80.5';
		form.unitsPerHour = '1,5';
		const result = v.parse(RegisterFormSchema, form);
		expect([result.required, result.categories[0]!.min, result.unitsPerHour]).toEqual([
			184.5, 80.5, 1.5
		]);
	});

	it('refuses an amount that could be read two ways, at its field', () => {
		const form = vv();
		form.required = '1.234,5';
		expect(problems(form)).toEqual([['required', 'error.ambiguousNumber']]);
		form.required = '1,234';
		expect(problems(form)).toEqual([['required', 'error.ambiguousNumber']]);
	});

	it('refuses a category minimum above the cycle total, at that minimum', () => {
		const form = vv();
		form.categories[0]!.min = '200';
		expect(problems(form)).toEqual([['categories.0.min', 'error.categoryMinAboveTotal']]);
		const errors = fieldErrors(v.safeParse(RegisterFormSchema, form).issues ?? []);
		expect(errors).toEqual({ categories: 'error.categoryMinAboveTotal' });
	});

	it('refuses a per-year minimum above the cycle total, at the per-year minimum', () => {
		const form = vv();
		form.perYearMinimum = '190';
		expect(problems(form)).toEqual([['perYearMinimum', 'error.perYearAboveTotal']]);
	});

	it('refuses a category maximum below its own minimum or its minimum share', () => {
		const form = vv();
		form.categories[0]!.max = '40';
		expect(problems(form)).toEqual([['categories.0.max', 'error.categoryMaxBelowMin']]);
		form.categories[0]!.min = '';
		form.categories[0]!.minSharePercent = '50';
		expect(problems(form)).toEqual([['categories.0.max', 'error.categoryMaxBelowShare']]);
	});

	it('leaves the rules of an output-based register alone', () => {
		const form = vv();
		form.model = 'output';
		form.categories[0]!.min = '200';
		expect(problems(form)).toEqual([]);
	});
});
