import { describe, expect, it } from 'vitest';
import {
	activeFilterCount,
	goalQueryToParams,
	parseGoalQuery,
	queryGoals,
	type GoalQuery
} from './goal-filter';
import { makeGoal } from '$lib/testing/factories';
import { emptyProfile } from './profile';

const query = (params: string): GoalQuery => parseGoalQuery(new URLSearchParams(params));

describe('parseGoalQuery', () => {
	it('reads known filters and ignores unknown or hostile values', () => {
		const q = query('status=active&source=norm&format=vlog&sort=targetDesc&pace=<script>');
		expect(q).toMatchObject({
			status: 'active',
			source: 'norm',
			format: 'vlog',
			pace: null,
			sort: 'targetDesc',
			archived: false
		});
		expect(query('sort=evil').sort).toBe('targetAsc');
	});

	it('writes a query back to the same parameters, leaving defaults out', () => {
		const q = query('companion=group&tag=ict&archived=1');
		expect(goalQueryToParams(q).toString()).toBe('companion=group&tag=ict&archived=1');
		expect(goalQueryToParams(query('')).toString()).toBe('');
		expect(activeFilterCount(q)).toBe(2);
	});
});

describe('queryGoals', () => {
	const goals = [
		makeGoal({ title: 'B', targetDate: '2026-05-01', source: 'norm', formats: ['vlog'] }),
		makeGoal({ title: 'A', targetDate: '2026-03-01', source: 'ambition', tags: ['ict'] }),
		makeGoal({ title: 'C', targetDate: null, status: 'planned', companion: 'group' }),
		makeGoal({ title: 'D', targetDate: '2026-01-01', archivedAt: '2026-02-01T00:00:00Z' })
	];
	const titles = (q: string) => queryGoals(goals, query(q)).map((goal) => goal.title);

	it('sorts by target date, undated goals last, in both directions', () => {
		expect(titles('')).toEqual(['A', 'B', 'C']);
		expect(titles('sort=targetDesc')).toEqual(['B', 'A', 'C']);
	});

	it('filters by each element, status and tag', () => {
		expect(titles('source=norm')).toEqual(['B']);
		expect(titles('format=vlog')).toEqual(['B']);
		expect(titles('tag=ict')).toEqual(['A']);
		expect(titles('status=planned')).toEqual(['C']);
		expect(titles('companion=group')).toEqual(['C']);
		expect(titles('source=job')).toEqual([]);
	});

	it('shows archived goals only in the archive view', () => {
		expect(titles('archived=1')).toEqual(['D']);
	});
});

describe('fits my profile', () => {
	it('keeps only goals whose pace, company and place agree with the profile', () => {
		const profile = { ...emptyProfile(), companion: 'group' as const };
		const goals = [
			makeGoal({ id: 'group', companion: 'group' }),
			makeGoal({ id: 'solo', companion: 'solo' }),
			makeGoal({ id: 'open', companion: null })
		];
		const fit = query('fit=1');
		expect(goalQueryToParams(fit).toString()).toBe('fit=1');
		expect(queryGoals(goals, fit, profile).map((g) => g.id)).toEqual(['group', 'open']);
		expect(queryGoals(goals, query(''), profile)).toHaveLength(3);
	});
});
