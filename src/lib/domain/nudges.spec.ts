import { describe, expect, it } from 'vitest';
import { makeGoal, makeReflection, makeRegister } from '$lib/testing/factories';
import { deadlines, reflectionNudge, reflectionStreak, targetNudges } from './nudges';
import { move, ordered, pathProgress, type PathStep } from './path';
import { emptyProfile, fitsProfile, suggestedFormats } from './profile';

const today = '2026-11-22';

describe('nudges', () => {
	it('reminds of open goals whose target date is within two weeks, soonest first', () => {
		const nudges = targetNudges(
			[
				makeGoal({ id: 'far', targetDate: '2027-03-01' }),
				makeGoal({ id: 'soon', targetDate: '2026-12-01' }),
				makeGoal({ id: 'today', targetDate: today }),
				makeGoal({ id: 'done', targetDate: '2026-11-25', status: 'achieved' }),
				makeGoal({ id: 'past', targetDate: '2026-11-01' })
			],
			today
		);
		expect(nudges.map((n) => (n.kind === 'target' ? [n.goalId, n.daysLeft] : null))).toEqual([
			['today', 0],
			['soon', 9]
		]);
	});

	it('asks for a reflection when the chosen rhythm has passed', () => {
		const last = [makeReflection({ date: '2026-11-10' })];
		expect(reflectionNudge(last, 'weekly', today, null)).toMatchObject({
			kind: 'reflect',
			lastDate: '2026-11-10'
		});
		expect(reflectionNudge(last, 'fortnightly', today, null)).toBeNull();
		expect(reflectionNudge(last, 'off', today, null)).toBeNull();
		expect(reflectionNudge([], 'weekly', today, '2026-11-01')).toMatchObject({ lastDate: null });
		expect(reflectionNudge([], 'weekly', today, null)).toBeNull();
	});

	it('counts a weekly reflection streak that is still alive this week', () => {
		const dates = ['2026-11-17', '2026-11-10', '2026-11-04', '2026-10-20'];
		const reflections = dates.map((date) => makeReflection({ date }));
		// 22 Nov 2026 is a Sunday: this week (from 16 Nov) has one; so do the two before.
		expect(reflectionStreak(reflections, today)).toBe(3);
		expect(reflectionStreak(reflections.slice(1), today)).toBe(2);
		expect(reflectionStreak([], today)).toBe(0);
	});

	it('lists deadlines for the calendar: goal targets and unmet PE rules', () => {
		const register = makeRegister({
			id: 'vv',
			cycleStart: '2025-01-01',
			cycleYears: 5,
			required: 184
		});
		const list = deadlines(
			[makeGoal({ id: 'g', title: 'Feedback', targetDate: '2027-01-31' })],
			[register],
			[],
			today
		);
		expect(list.map((d) => [d.kind, d.date])).toEqual([
			['goal', '2027-01-31'],
			['pe', '2030-01-01']
		]);
	});
});

describe('learning path', () => {
	const step = (id: string, order: number, done = false): PathStep => ({
		id,
		goalId: 'g',
		block: 'training',
		title: id,
		note: '',
		order,
		doneAt: done ? '2026-01-01' : null,
		createdAt: '2026-01-01',
		updatedAt: '2026-01-01'
	});

	it('moves a step up or down and reports only the steps whose place changed', () => {
		const steps = [step('a', 0), step('b', 1), step('c', 2)];
		expect(move(steps, 'c', -1)).toEqual([
			{ id: 'c', order: 1 },
			{ id: 'b', order: 2 }
		]);
		expect(move(steps, 'a', -1)).toEqual([]);
		expect(ordered([step('x', 2), step('y', 1)]).map((s) => s.id)).toEqual(['y', 'x']);
		expect(pathProgress([step('a', 0, true), step('b', 1)])).toEqual({ done: 1, total: 2 });
	});
});

describe('learner profile', () => {
	it('suggests the goal’s formats first, then the learner’s own', () => {
		const profile = { ...emptyProfile(), formats: ['vlog' as const, 'report' as const] };
		expect(suggestedFormats(profile, makeGoal({ formats: ['presentation', 'vlog'] }))).toEqual([
			'presentation',
			'vlog',
			'report'
		]);
	});

	it('a goal fits when the elements both set agree', () => {
		const profile = { ...emptyProfile(), companion: 'group' as const, setting: 'inWork' as const };
		expect(fitsProfile(makeGoal({ companion: 'group', setting: null }), profile)).toBe(true);
		expect(fitsProfile(makeGoal({ companion: 'solo' }), profile)).toBe(false);
	});
});
