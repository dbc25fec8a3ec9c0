import { nowStamp } from '$lib/domain/dates';
import { ordered, type PathBlock, type PathStep } from '$lib/domain/path';
import { db } from './koers-db';

/** A goal's learning path in the learner's order. */
export async function stepsOf(goalId: string): Promise<PathStep[]> {
	return ordered(await db.pathSteps.where('goalId').equals(goalId).toArray());
}

/** Every step of every path, for the dashboard. */
export function allSteps(): Promise<PathStep[]> {
	return db.pathSteps.toArray();
}

/** Adds a step at the end of a goal's path. */
export async function addStep(
	goalId: string,
	fields: { block: PathBlock; title: string; note: string }
): Promise<void> {
	await db.transaction('rw', db.pathSteps, async () => {
		const count = await db.pathSteps.where('goalId').equals(goalId).count();
		const stamp = nowStamp();
		await db.pathSteps.add({
			...fields,
			id: crypto.randomUUID(),
			goalId,
			order: count,
			doneAt: null,
			createdAt: stamp,
			updatedAt: stamp
		});
	});
}

/** Ticks a step off, or opens it again. */
export async function setStepDone(id: string, done: boolean): Promise<void> {
	const stamp = nowStamp();
	await db.pathSteps.update(id, { doneAt: done ? stamp : null, updatedAt: stamp });
}

/** Writes new places for steps (from `move`). */
export async function reorderSteps(
	changes: readonly { id: string; order: number }[]
): Promise<void> {
	const stamp = nowStamp();
	await db.transaction('rw', db.pathSteps, async () => {
		for (const { id, order } of changes) await db.pathSteps.update(id, { order, updatedAt: stamp });
	});
}

export async function deleteStep(id: string): Promise<void> {
	await db.pathSteps.delete(id);
}
