import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyGoalForm, GoalFormSchema } from '$lib/domain/goal';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { archiveGoal, createGoal, deleteGoal, GoalView } from './goals.svelte';
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
