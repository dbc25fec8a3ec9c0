import { beforeEach, describe, expect, it } from 'vitest';
import { createEvidence, getEvidence } from './evidence';
import { onDbEvent } from './events';
import { createGoal, deleteGoal, getGoal, listGoals, setGoalArchived, updateGoal } from './goals';
import { EditConflictError } from './edits';
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

describe('goals edited in two places', () => {
	it('keeps a newer title saved elsewhere when this form changed only the description', async () => {
		const goal = await createGoal(fields({ title: 'Old title', description: 'old' }));
		const base = (await getGoal(goal.id))!;
		await updateGoal(goal.id, fields({ title: 'New title', description: 'old' }), { base });

		const { id: _i, archivedAt: _a, createdAt: _c, updatedAt: _u, ...formFields } = base;
		await updateGoal(goal.id, { ...formFields, description: 'new description' }, { base });
		expect(await getGoal(goal.id)).toMatchObject({
			title: 'New title',
			description: 'new description'
		});
	});

	it('refuses a silent mix when both changed the same field, and saves the chosen version', async () => {
		const goal = await createGoal(fields({ title: 'Old title' }));
		const base = (await getGoal(goal.id))!;
		await updateGoal(goal.id, fields({ title: 'Their title' }), { base });
		const mine = fields({ title: 'My title', tags: ['mine'] });

		await expect(updateGoal(goal.id, mine, { base })).rejects.toEqual(
			new EditConflictError(['title'])
		);
		expect((await getGoal(goal.id))!.title).toBe('Their title');

		await updateGoal(goal.id, mine, { base, prefer: 'theirs' });
		expect(await getGoal(goal.id)).toMatchObject({ title: 'Their title', tags: ['mine'] });
		await updateGoal(goal.id, mine, { base, prefer: 'mine' });
		expect((await getGoal(goal.id))!.title).toBe('My title');
	});
});
