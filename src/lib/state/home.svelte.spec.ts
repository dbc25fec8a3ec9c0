import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { HomeView } from './home.svelte';

beforeAll(async () => {
	await stateTestSetup();
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('the home page', () => {
	it('welcomes a learner with nothing yet', async () => {
		const home = new HomeView();
		expect(await until(() => home.loaded, Boolean)).toBe(true);
		expect(home.isNew).toBe(true);
	});

	it('shows overdue goals, goals without evidence, active goals and the latest items', async () => {
		const overdue = makeGoal({ title: 'Overdue', targetDate: '2020-01-01' });
		const later = makeGoal({ title: 'Later', targetDate: '2099-01-01' });
		const planned = makeGoal({ title: 'Planned', status: 'planned' });
		await db.goals.bulkAdd([overdue, later, planned]);
		await db.evidence.bulkAdd(
			['2026-01-01', '2026-01-05', '2026-01-03', '2026-01-04', '2026-01-02'].map((date) =>
				makeEvidence({ title: date, date, goalIds: [later.id] })
			)
		);
		await db.reflections.bulkAdd(
			['2026-02-01', '2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05'].map((date) =>
				makeReflection({ date })
			)
		);
		const home = new HomeView();
		const attention = await until(
			() => home.attention,
			(a) => !!a && a.overdue.length > 0
		);
		expect(home.isNew).toBe(false);
		expect(attention?.overdue.map((g) => g.title)).toEqual(['Overdue']);
		expect(attention?.withoutEvidence.map((g) => g.title)).toEqual(['Overdue', 'Planned']);
		expect(home.active.map((g) => g.title)).toEqual(['Overdue', 'Later']);
		expect(home.recentEvidence.map((e) => e.date)).toEqual([
			'2026-01-05',
			'2026-01-04',
			'2026-01-03',
			'2026-01-02'
		]);
		const reflections = await until(() => home.reflections.current);
		expect(reflections?.map((r) => r.date)).toEqual([
			'2026-02-05',
			'2026-02-04',
			'2026-02-03',
			'2026-02-02'
		]);
	});
});
