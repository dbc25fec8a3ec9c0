import type * as v from 'valibot';
import * as path from '$lib/db/path';
import { move, pathProgress, type PathStep, type PathStepFormSchema } from '$lib/domain/path';
import { act } from './action';
import { LiveQuery } from './live-query.svelte';

/** What the step form saves. */
export type PathStepFields = v.InferOutput<typeof PathStepFormSchema>;

/** A goal's learning path: its steps in the learner's order, and how far along it is. */
export class LearningPath {
	readonly steps: LiveQuery<PathStep[]>;

	constructor(readonly goalId: string) {
		this.steps = new LiveQuery(() => path.stepsOf(goalId));
	}

	readonly progress = $derived.by(() => pathProgress(this.steps.current ?? []));

	/** Adds a step at the end (the list shows it); a failure is the form's to show. */
	add(fields: PathStepFields): Promise<void> {
		return path.addStep(this.goalId, fields);
	}

	/** Moves a step one place up (-1) or down (1). */
	async move(id: string, direction: -1 | 1): Promise<void> {
		const changes = move(this.steps.current ?? [], id, direction);
		await act(() => path.reorderSteps(changes));
	}

	/** Ticks a step off, or opens it again. */
	async setDone(id: string, done: boolean): Promise<void> {
		await act(() => path.setStepDone(id, done));
	}

	/** Deletes a step. */
	async remove(id: string): Promise<void> {
		await act(() => path.deleteStep(id));
	}
}
