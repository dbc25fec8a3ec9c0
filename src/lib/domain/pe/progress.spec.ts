import { describe, expect, it } from 'vitest';
import { categoryLines, outputProgress, peReminders, registerProgress } from './progress';
import { makeActivity, makeRegister } from '$lib/testing/factories';

describe('registerProgress', () => {
	it('counts activities in the cycle against the total and category rules', () => {
		const vv = makeRegister();
		const progress = registerProgress(
			vv,
			[
				makeActivity(vv.id, 50, '2025-03-01'),
				makeActivity(vv.id, 40, '2026-05-01', 'other'),
				makeActivity(vv.id, 30, '2024-12-31'), // the previous cycle
				makeActivity(vv.id, 10, '2027-01-01') // after today: not yet done
			],
			'2026-06-01'
		);
		expect(progress.cycle).toMatchObject({ start: '2025-01-01', end: '2030-01-01' });
		expect(progress.counted).toBe(90);
		expect(progress.rules.map((r) => [r.kind, r.required, r.achieved, r.missing])).toEqual([
			['total', 184, 90, 94],
			['categoryMin', 80, 50, 30]
		]);
	});

	it('does not count points above a category maximum toward the total', () => {
		const vv = makeRegister();
		const progress = registerProgress(
			vv,
			[makeActivity(vv.id, 100, '2025-06-01', 'other'), makeActivity(vv.id, 90, '2025-07-01')],
			'2026-01-01'
		);
		const other = progress.categories.find((c) => c.category.id === 'other')!;
		expect(other).toMatchObject({ raw: 100, counted: 60, excess: 40 });
		expect(progress.raw).toBe(190);
		expect(progress.counted).toBe(150);
	});

	it('counts an activity spanning two years on its completion date', () => {
		const nova = makeRegister({
			cycleYears: 1,
			cycleStart: '2020-01-01',
			required: 20,
			perYearMinimum: null,
			categories: []
		});
		const spanning = makeActivity(nova.id, 8, '2026-01-15', null, { startDate: '2025-11-20' });
		expect(registerProgress(nova, [spanning], '2025-12-31').counted).toBe(0);
		expect(registerProgress(nova, [spanning], '2026-02-01').counted).toBe(8);
	});

	it('makes norms pro rata when the learner joined during the cycle', () => {
		const vv = makeRegister({ registeredOn: '2027-07-01' }); // 2.5 of 5 years left
		const progress = registerProgress(vv, [], '2028-01-01');
		expect(progress.proRata).toBeCloseTo(0.5, 2);
		expect(progress.required).toBe(93);
		expect(progress.rules.find((r) => r.kind === 'categoryMin')?.required).toBe(41);
		expect(registerProgress(vv, [], '2031-01-01').proRata).toBe(1); // next cycle: in full
	});

	it('lets one activity count for two registers, each with its own category and points', () => {
		const vv = makeRegister();
		const nova = makeRegister({
			cycleYears: 1,
			cycleStart: '2026-01-01',
			required: 20,
			categories: [{ id: 'ownField', name: 'Own field', min: null, max: null, minShare: 0.5 }]
		});
		const activity = makeActivity(vv.id, 6, '2026-03-01', 'accredited', {
			credits: [
				{ registerId: vv.id, categoryId: 'accredited', points: 6 },
				{ registerId: nova.id, categoryId: 'ownField', points: 4 }
			]
		});
		expect(registerProgress(vv, [activity], '2026-04-01').counted).toBe(6);
		const novaProgress = registerProgress(nova, [activity], '2026-04-01');
		expect(novaProgress.counted).toBe(4);
		expect(novaProgress.rules.find((r) => r.kind === 'categoryShare')).toMatchObject({
			required: 10,
			achieved: 4
		});
	});

	it('re-evaluates when a rule changes after activities exist, losing nothing', () => {
		const vv = makeRegister();
		const activities = [makeActivity(vv.id, 70, '2025-02-01', 'other')];
		expect(registerProgress(vv, activities, '2026-01-01').counted).toBe(60);
		const raised = { ...vv, categories: vv.categories.map((c) => ({ ...c, max: null })) };
		expect(registerProgress(raised, activities, '2026-01-01').counted).toBe(70);
		const removed = { ...vv, categories: [] };
		const progress = registerProgress(removed, activities, '2026-01-01');
		expect(progress).toMatchObject({ counted: 70, uncategorised: 70 });
	});

	it('checks a per-year minimum for every year of the cycle that has begun', () => {
		const reg = makeRegister({
			cycleYears: 3,
			cycleStart: '2024-01-01',
			required: null,
			perYearMinimum: 20,
			categories: []
		});
		const progress = registerProgress(
			reg,
			[makeActivity(reg.id, 25, '2024-05-01', null), makeActivity(reg.id, 5, '2025-05-01', null)],
			'2025-06-01'
		);
		expect(progress.rules.map((r) => [r.period.start, r.achieved, r.met])).toEqual([
			['2024-01-01', 25, true],
			['2025-01-01', 5, false]
		]);
	});

	it('forecasts at the learner’s pace: on track, behind, or met', () => {
		const vv = makeRegister({ categories: [] });
		// 2.5 years in, half done: on track.
		const half = [makeActivity(vv.id, 92, '2027-06-01', null)];
		expect(registerProgress(vv, half, '2027-07-01').status).toBe('onTrack');
		// 2.5 years in, a fifth done: behind.
		const fifth = [makeActivity(vv.id, 37, '2027-06-01', null)];
		const behind = registerProgress(vv, fifth, '2027-07-01');
		expect(behind.status).toBe('behind');
		expect(behind.rules[0]!.missing).toBe(147);
		expect(behind.monthsLeft).toBeCloseTo(30, 0);
		// Everything done: met.
		const all = [makeActivity(vv.id, 184, '2026-06-01', null)];
		expect(registerProgress(vv, all, '2026-07-01').status).toBe('met');
		// Too early to tell: on track.
		expect(registerProgress(vv, [], '2025-02-01').status).toBe('onTrack');
		// A closed cycle that fell short stays behind.
		const past = registerProgress(vv, fifth, '2031-01-01', {
			index: 0,
			start: '2025-01-01',
			end: '2030-01-01'
		});
		expect(past).toMatchObject({ closed: true, status: 'behind', counted: 37 });
	});
});

describe('outputProgress', () => {
	it('asks for a plan, a reflection on each activity and a statement before 1 February', () => {
		const nba = makeRegister({
			model: 'output',
			required: null,
			categories: [],
			outputYears: [{ year: 2026, plan: 'Learn IFRS 17', goalIds: ['g'], statement: '' }]
		});
		const activities = [
			makeActivity(nba.id, 0, '2026-03-01', null, { reflection: 'Useful.' }),
			makeActivity(nba.id, 0, '2026-09-01', null)
		];
		const progress = outputProgress(nba, activities, 2026, '2026-12-01');
		expect(progress).toMatchObject({
			hasPlan: true,
			goalCount: 1,
			reflected: 1,
			hasStatement: false,
			deadline: '2027-02-01',
			status: 'onTrack'
		});
		expect(outputProgress(nba, activities, 2026, '2027-02-01').status).toBe('behind');
	});
});

describe('peReminders', () => {
	it('reminds of unmet rules whose deadline is near', () => {
		const vv = makeRegister({ categories: [] });
		const reminders = peReminders([vv], [], '2029-11-01');
		expect(reminders).toEqual([
			{ registerId: vv.id, deadline: '2030-01-01', daysLeft: 61, missing: 184 }
		]);
		expect(peReminders([vv], [], '2028-11-01')).toEqual([]);
	});
});

describe('categoryLines', () => {
	it('shows per category what counts, what was logged and the rules', () => {
		const rgs = makeRegister({
			unit: 'hours',
			required: 60,
			categories: [
				{ id: 'peer', name: 'Intervisie', min: null, max: 10, minShare: null },
				{ id: 'own', name: 'Eigen vak', min: 20, max: null, minShare: 0.5 }
			]
		});
		const progress = registerProgress(
			rgs,
			[
				makeActivity(rgs.id, 18, '2025-03-01', 'peer'),
				makeActivity(rgs.id, 12.5, '2025-04-01', 'own'),
				makeActivity(rgs.id, 4, '2025-05-01', null)
			],
			'2026-01-01'
		);
		expect(categoryLines(progress)).toEqual([
			{
				category: rgs.categories[0],
				raw: 18,
				counted: 10,
				excess: 8,
				min: null,
				max: 10,
				share: null,
				met: null
			},
			{
				category: rgs.categories[1],
				raw: 12.5,
				counted: 12.5,
				excess: 0,
				min: 20,
				max: null,
				share: { fraction: 0.5, amount: 30 },
				met: false
			},
			{
				category: null,
				raw: 4,
				counted: 4,
				excess: 0,
				min: null,
				max: null,
				share: null,
				met: null
			}
		]);
	});

	it('gives the pro-rata minimum of a learner who joined during the cycle', () => {
		const vv = makeRegister({ registeredOn: '2027-07-01' });
		const lines = categoryLines(registerProgress(vv, [], '2028-01-01'));
		expect(lines.map((l) => [l.category?.id, l.min, l.met])).toEqual([
			['accredited', 41, false],
			['other', null, null]
		]);
	});
});
