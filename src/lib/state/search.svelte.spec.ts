import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { PortfolioSearch } from './search.svelte';

beforeAll(stateTestSetup);

describe('portfolio search', () => {
	it('finds a goal, and one saved later without reopening search', async () => {
		await db.goals.add(makeGoal({ title: 'Presenteren voor de groep' }));
		const search = new PortfolioSearch();
		const stop = $effect.root(() => {
			$effect(() => search.index());
		});
		search.query = 'presenteren';
		const hits = await until(
			() => search.hits,
			(list) => list.length > 0
		);
		expect(hits.map((hit) => hit.title)).toEqual(['Presenteren voor de groep']);

		await db.goals.add(makeGoal({ title: 'Feedback vragen' }));
		search.query = 'feedback';
		expect(
			await until(
				() => search.hits.map((hit) => hit.title),
				(titles) => titles.length > 0
			)
		).toEqual(['Feedback vragen']);
		stop();
	});
});
