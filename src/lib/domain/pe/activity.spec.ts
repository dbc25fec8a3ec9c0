import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { makeActivity } from '$lib/testing/factories';
import {
	PeActivityFormSchema,
	activityToForm,
	emptyActivityForm,
	followHours,
	type CreditForm
} from './activity';

const form = (hours: string, points: string) => ({
	...emptyActivityForm('2026-03-01'),
	title: 'Wondzorg',
	hours,
	credits: [{ registerId: 'vv', categoryId: null, points }]
});

describe('PeActivityFormSchema', () => {
	it('reads a decimal comma as a decimal comma: 4,5 stays 4.5, never 45', () => {
		const parsed = v.parse(PeActivityFormSchema, form('4,5', '4,5'));
		expect(parsed.hours).toBe(4.5);
		expect(parsed.credits[0]!.points).toBe(4.5);
		expect(v.parse(PeActivityFormSchema, form('4.5', '4.5')).credits[0]!.points).toBe(4.5);
	});

	it('refuses ambiguous amounts at their field instead of guessing', () => {
		const result = v.safeParse(PeActivityFormSchema, form('1.234,5', '1,234'));
		expect(result.issues?.map((i) => [v.getDotPath(i), i.message])).toEqual([
			['hours', 'error.ambiguousNumber'],
			['credits.0.points', 'error.ambiguousNumber']
		]);
	});

	it('needs points for every register the activity counts for', () => {
		const result = v.safeParse(PeActivityFormSchema, form('', ''));
		expect(result.issues?.map((i) => v.getDotPath(i))).toEqual(['credits.0.points']);
	});

	it('writes an existing activity back in the language of the form', () => {
		const activity = makeActivity('vv', 4.5, '2026-03-01', null, { hours: 4.5 });
		expect(activityToForm(activity, 'nl')).toMatchObject({
			hours: '4,5',
			credits: [{ points: '4,5' }]
		});
		const again = v.parse(PeActivityFormSchema, activityToForm(activity, 'nl'));
		expect([again.hours, again.credits[0]!.points]).toEqual([4.5, 4.5]);
	});
});

describe('followHours', () => {
	const rates: Record<string, number> = { vv: 1, ects: 1 / 28 };
	const credit = (registerId: string, points: string): CreditForm => ({
		registerId,
		categoryId: null,
		points
	});

	it('updates points that still follow the hours, after a register was ticked', () => {
		const credits = [credit('vv', '2'), credit('ects', '')];
		expect(followHours(credits, (id) => rates[id]!, 2, 4.5, 'nl')).toEqual([
			credit('vv', '4,5'),
			credit('ects', '0,16')
		]);
	});

	it('keeps points the learner typed', () => {
		const credits = [credit('vv', '3')];
		expect(followHours(credits, (id) => rates[id]!, 2, 4, 'en')).toEqual([credit('vv', '3')]);
	});
});
