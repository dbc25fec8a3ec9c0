import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { emptyGoalForm, GoalFormSchema } from '$lib/domain/goal';
import { parseGoalQuery } from '$lib/domain/goal-filter';
import { makeEvidence, makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { archiveGoal, createGoal, deleteGoal, GoalList, GoalView } from './goals.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

const fields = (title: string) => v.parse(GoalFormSchema, { ...emptyGoalForm(), title });

describe('goal actions and view', () => {
	it('creates a goal, says so, and the view shows it', async () => {
		const id = await createGoal(fields('Leren presenteren'));
		expect(toasts.list.at(-1)?.text).toBe('Goal created');
		const view = new GoalView(id);
		const goal = await until(() => view.goal.current);
		expect(goal?.title).toBe('Leren presenteren');
	});

	it('archives with an undo that brings the goal back', async () => {
		const id = await createGoal(fields('Feedback geven'));
		const view = new GoalView(id);
		await archiveGoal(id, true);
		await until(() => view.goal.current?.archivedAt, Boolean);
		const toast = toasts.list.at(-1);
		expect(toast?.action).toBeDefined();
		await toast?.action?.run();
		expect(
			await until(
				() => view.goal.current,
				(g) => g?.archivedAt === null
			)
		).toBeTruthy();
	});

	it('deletes a goal: the view reports it missing', async () => {
		const id = await createGoal(fields('Weg ermee'));
		const view = new GoalView(id);
		await until(() => view.goal.current);
		expect(await deleteGoal(id)).toBe(true);
		expect(
			await until(
				() => view.goal.current,
				(g) => g === null
			)
		).toBeNull();
	});
});

describe('the goal list', () => {
	it('filters by the query, counts evidence per goal and collects the tags', async () => {
		const vlogs = makeGoal({ title: 'Vloggen', tags: ['media'], status: 'planned' });
		const talks = makeGoal({ title: 'Spreken', tags: ['stem'], status: 'planned' });
		await db.goals.bulkAdd([vlogs, talks]);
		await db.evidence.bulkAdd([
			makeEvidence({ goalIds: [vlogs.id] }),
			makeEvidence({ goalIds: [vlogs.id, talks.id] })
		]);
		const list = new GoalList();
		const shown = await until(
			() => list.shown(parseGoalQuery(new URLSearchParams('tag=media'))),
			(goals) => goals.length > 0
		);
		expect(shown.map((g) => g.title)).toEqual(['Vloggen']);
		expect(list.tags).toEqual(expect.arrayContaining(['media', 'stem']));
		const counts = await until(
			() => list.evidenceCounts,
			(c) => c.size > 0
		);
		expect(counts.get(vlogs.id)).toBe(2);
		expect(counts.get(talks.id)).toBe(1);
	});
});
