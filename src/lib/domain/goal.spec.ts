import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { GoalFormSchema, GoalSchema, emptyGoalForm, goalToForm, isOpen } from './goal';
import { fieldErrors } from './validation';
import { makeGoal } from '$lib/testing/factories';

describe('GoalFormSchema', () => {
	it('turns form strings into goal fields', () => {
		const result = v.parse(GoalFormSchema, {
			...emptyGoalForm(),
			title: '  Lead a retrospective  ',
			source: 'norm',
			momentOfNeed: 'apply',
			formats: ['vlog', 'report', 'vlog'],
			targetDate: '2026-06-30',
			successCriteria: 'Team rates it 4/5\n\n  I prepared it alone ',
			tags: 'Agile, team,  agile '
		});
		expect(result.title).toBe('Lead a retrospective');
		expect(result.source).toBe('norm');
		expect(result.reason).toBeNull();
		expect(result.momentOfNeed).toBe('apply');
		expect(result.formats).toEqual(['vlog', 'report']);
		expect(result.targetDate).toBe('2026-06-30');
		expect(result.successCriteria).toEqual(['Team rates it 4/5', 'I prepared it alone']);
		expect(result.tags).toEqual(['agile', 'team']);
	});

	it('rejects a missing title and an impossible date with message keys per field', () => {
		const result = v.safeParse(GoalFormSchema, {
			...emptyGoalForm(),
			title: '   ',
			targetDate: '2026-02-30'
		});
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(fieldErrors(result.issues)).toEqual({
			title: 'error.titleRequired',
			targetDate: 'error.date'
		});
	});

	it('rejects values outside a vocabulary', () => {
		const result = v.safeParse(GoalFormSchema, { ...emptyGoalForm(), title: 'x', source: 'boss' });
		expect(result.success).toBe(false);
	});

	it('round-trips a stored goal through the edit form', () => {
		const goal = makeGoal({
			source: 'job',
			formats: ['presentation'],
			successCriteria: ['a', 'b'],
			tags: ['x', 'y'],
			targetDate: '2026-12-01'
		});
		const fields = v.parse(GoalFormSchema, goalToForm(goal));
		expect(fields).toMatchObject({
			source: 'job',
			formats: ['presentation'],
			successCriteria: ['a', 'b'],
			tags: ['x', 'y'],
			targetDate: '2026-12-01'
		});
	});
});

describe('GoalSchema', () => {
	it('accepts a stored goal and refuses a tampered one', () => {
		expect(v.safeParse(GoalSchema, makeGoal()).success).toBe(true);
		expect(v.safeParse(GoalSchema, { ...makeGoal(), status: 'done' }).success).toBe(false);
		expect(v.safeParse(GoalSchema, { ...makeGoal(), title: 'x'.repeat(201) }).success).toBe(false);
	});
});

describe('isOpen', () => {
	it('is true for planned and active goals that are not archived', () => {
		expect(isOpen(makeGoal({ status: 'planned' }))).toBe(true);
		expect(isOpen(makeGoal({ status: 'achieved' }))).toBe(false);
		expect(isOpen(makeGoal({ status: 'active', archivedAt: '2026-01-01' }))).toBe(false);
	});
});
