import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { OverviewView } from './overview.svelte';

beforeAll(async () => {
	await stateTestSetup();
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('the overview', () => {
	it('counts goals by status and follows a new goal', async () => {
		await db.goals.add(makeGoal({ status: 'achieved' }));
		const overview = new OverviewView();
		const achieved = () =>
			overview.dashboard?.goalsByStatus.find((s) => s.status === 'achieved')?.count;
		expect(await until(achieved)).toBe(1);
		await db.goals.add(makeGoal({ status: 'achieved' }));
		expect(await until(achieved, (count) => count === 2)).toBe(2);
	});
});
