import { nowStamp } from '$lib/domain/dates';
import type { Goal, GoalFields } from '$lib/domain/goal';
import { saveEdit, type EditBase } from './edits';
import { emitDbEvent } from './events';
import { db } from './koers-db';

/** Every goal, archived ones included. */
export function listGoals(): Promise<Goal[]> {
	return db.goals.toArray();
}

/** One goal, or undefined when it does not exist. */
export function getGoal(id: string): Promise<Goal | undefined> {
	return db.goals.get(id);
}

/** Stores a new goal and returns it. */
export async function createGoal(fields: GoalFields): Promise<Goal> {
	const stamp = nowStamp();
	const goal: Goal = {
		...fields,
		id: crypto.randomUUID(),
		archivedAt: null,
		createdAt: stamp,
		updatedAt: stamp
	};
	await db.goals.add(goal);
	emitDbEvent('saved', { kind: 'goal', id: goal.id });
	return goal;
}

/** Saves a goal's edited fields, merged with what changed elsewhere since `edit.base`. */
export async function updateGoal(
	id: string,
	fields: GoalFields,
	edit?: EditBase<Goal>
): Promise<void> {
	await saveEdit(db.goals, id, fields, edit);
	emitDbEvent('saved', { kind: 'goal', id });
}

/** Archives a goal (kept, out of the way) or brings it back. */
export async function setGoalArchived(id: string, archived: boolean): Promise<void> {
	const stamp = nowStamp();
	await db.goals.update(id, { archivedAt: archived ? stamp : null, updatedAt: stamp });
	emitDbEvent('saved', { kind: 'goal', id });
}

/**
 * Deletes a goal and its reflections; evidence stays (it may show other goals) but loses
 * the link.
 */
export async function deleteGoal(id: string): Promise<void> {
	await db.transaction(
		'rw',
		[db.goals, db.evidence, db.reflections, db.pathSteps, db.competencyLinks],
		async () => {
			await db.goals.delete(id);
			await db.reflections.where('subjectId').equals(id).delete();
			await db.pathSteps.where('goalId').equals(id).delete();
			await db.competencyLinks.where('recordId').equals(id).delete();
			await db.evidence
				.where('goalIds')
				.equals(id)
				.modify((item) => {
					item.goalIds = item.goalIds.filter((goalId) => goalId !== id);
				});
		}
	);
	emitDbEvent('deleted', { kind: 'goal', id });
}
