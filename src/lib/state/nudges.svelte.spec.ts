import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { addDays, toIsoDate } from '$lib/domain/dates';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { Nudges, nudgeText } from './nudges.svelte';

beforeAll(stateTestSetup);

describe('reminders', () => {
	it('reminds of a target date coming up, in words, and follows a new one', async () => {
		await db.goals.add(makeGoal({ title: 'Pitch', targetDate: addDays(toIsoDate(), 3) }));
		const nudges = new Nudges();
		const [first] =
			(await until(
				() => nudges.list(false),
				(list) => !!list?.length
			)) ?? [];
		expect(first).toMatchObject({ kind: 'target', title: 'Pitch', daysLeft: 3 });
		expect(nudgeText(first!)).toBe('Pitch: target date in 3 days');
		await db.goals.add(makeGoal({ title: 'Demo', targetDate: addDays(toIsoDate(), 1) }));
		const list = await until(
			() => nudges.list(true),
			(l) => l?.length === 2
		);
		expect(list?.map((n) => (n.kind === 'target' ? n.title : n.kind))).toEqual(['Demo', 'Pitch']);
	});
});
