import { beforeEach, describe, expect, it } from 'vitest';
import { createEvidence, getEvidence } from './evidence';
import { onDbEvent } from './events';
import { createGoal, deleteGoal, getGoal, listGoals, setGoalArchived, updateGoal } from './goals';
import { db } from './koers-db';
import { createReflection, listReflections } from './reflections';
import { makeEvidence, makeGoal } from '$lib/testing/factories';

const fields = (overrides = {}) => {
	const { id: _id, archivedAt: _a, createdAt: _c, updatedAt: _u, ...rest } = makeGoal(overrides);
	return rest;
};
const evidenceFields = (overrides = {}) => {
	const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = makeEvidence(overrides);
	return rest;
};

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('goals', () => {
	it('creates, updates and lists goals, announcing each save', async () => {
		const saved: string[] = [];
		const off = onDbEvent('saved', (event) => saved.push(`${event.kind}:${event.id}`));
		const goal = await createGoal(fields({ title: 'Coach a new colleague', tags: ['mentoring'] }));
		await updateGoal(goal.id, fields({ title: 'Coach two new colleagues', status: 'achieved' }));
		off();
		const stored = await getGoal(goal.id);
		expect(stored).toMatchObject({ title: 'Coach two new colleagues', status: 'achieved' });
		expect(stored?.createdAt).toBe(goal.createdAt);
		expect(await listGoals()).toHaveLength(1);
		expect(saved).toEqual([`goal:${goal.id}`, `goal:${goal.id}`]);
	});

	it('archives and restores a goal', async () => {
		const goal = await createGoal(fields());
		await setGoalArchived(goal.id, true);
		expect((await getGoal(goal.id))?.archivedAt).toMatch(/^\d{4}-/);
		await setGoalArchived(goal.id, false);
		expect((await getGoal(goal.id))?.archivedAt).toBeNull();
	});

	it('refuses to update a goal that does not exist', async () => {
		await expect(updateGoal('nope', fields())).rejects.toThrow();
		expect(await listGoals()).toEqual([]);
	});

	it('deletes a goal with its reflections and unlinks, but keeps, its evidence', async () => {
		const goal = await createGoal(fields());
		const keep = await createGoal(fields({ title: 'Other' }));
		const evidence = await createEvidence(evidenceFields({ goalIds: [goal.id, keep.id] }));
		await createReflection({
			subjectKind: 'goal',
			subjectId: goal.id,
			date: '2026-01-01',
			template: 'free',
			steps: { text: 'x' }
		});
		await deleteGoal(goal.id);
		expect(await getGoal(goal.id)).toBeUndefined();
		expect(await listReflections()).toEqual([]);
		expect((await getEvidence(evidence.id))?.goalIds).toEqual([keep.id]);
	});
});
