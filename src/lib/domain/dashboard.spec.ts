import { describe, expect, it } from 'vitest';
import { makeActivity, makeGoal, makeReflection, makeRegister } from '$lib/testing/factories';
import { exampleFramework } from './competency/examples';
import { dashboard, type DashboardSource } from './dashboard';

const today = '2026-11-22';
const empty: DashboardSource = {
	goals: [],
	evidenceGoalIds: [],
	reflections: [],
	registers: [],
	activities: [],
	frameworks: [],
	links: [],
	assessments: [],
	steps: [],
	unread: 0
};

describe('dashboard', () => {
	it('counts goals by status, leaving archived goals out', () => {
		const d = dashboard(
			{
				...empty,
				goals: [
					makeGoal({ status: 'active' }),
					makeGoal({ status: 'active' }),
					makeGoal({ status: 'achieved' }),
					makeGoal({ status: 'active', archivedAt: '2026-01-01' })
				]
			},
			today
		);
		expect(d.goalsByStatus).toEqual([
			{ status: 'planned', count: 0 },
			{ status: 'active', count: 2 },
			{ status: 'achieved', count: 1 },
			{ status: 'dropped', count: 0 }
		]);
	});

	it('shows open goals toward their target dates with evidence and path progress', () => {
		const d = dashboard(
			{
				...empty,
				goals: [
					makeGoal({ id: 'g', targetDate: '2026-12-02' }),
					makeGoal({ id: 'x', targetDate: null })
				],
				evidenceGoalIds: [['g'], ['g', 'x']],
				steps: [
					{
						id: 's',
						goalId: 'g',
						block: 'training',
						title: 't',
						note: '',
						order: 0,
						doneAt: 'x',
						createdAt: '',
						updatedAt: ''
					},
					{
						id: 't',
						goalId: 'g',
						block: 'reading',
						title: 't',
						note: '',
						order: 1,
						doneAt: null,
						createdAt: '',
						updatedAt: ''
					}
				]
			},
			today
		);
		expect(d.targets).toEqual([
			{
				id: 'g',
				title: 'Give clear feedback',
				targetDate: '2026-12-02',
				daysLeft: 10,
				evidence: 2,
				pathDone: 1,
				pathTotal: 2
			}
		]);
	});

	it('reports PE status, framework coverage, weekly reflections and the streak', () => {
		const register = makeRegister({ id: 'vv' });
		const framework = {
			...exampleFramework('six-elements', 'en'),
			id: 'f',
			createdAt: '',
			updatedAt: ''
		};
		const d = dashboard(
			{
				...empty,
				registers: [register],
				activities: [makeActivity('vv', 20, '2026-03-01')],
				frameworks: [framework],
				reflections: [
					makeReflection({ date: '2026-11-17' }),
					makeReflection({ date: '2026-11-18' }),
					makeReflection({ date: '2026-11-10' })
				],
				unread: 3
			},
			today,
			4
		);
		expect(d.pe).toMatchObject([{ id: 'vv', counted: 20, required: 184 }]);
		expect(d.coverage).toEqual([
			{ id: 'f', title: framework.title, withEvidence: 0, mastered: 0, uncovered: 6 }
		]);
		expect(d.reflectionWeeks).toEqual([
			{ week: '2026-10-26', count: 0 },
			{ week: '2026-11-02', count: 0 },
			{ week: '2026-11-09', count: 1 },
			{ week: '2026-11-16', count: 2 }
		]);
		expect(d.streak).toBe(2);
		expect(d.recentReflections[0]!.date).toBe('2026-11-18');
		expect(d.unread).toBe(3);
	});
});
