import { evidenceForGoal, listEvidence } from '$lib/db/evidence';
import * as goals from '$lib/db/goals';
import { getProfile } from '$lib/db/profile';
import { listReflections } from '$lib/db/reflections';
import { evidenceCountByGoal } from '$lib/domain/attention';
import type { Goal, GoalFields } from '$lib/domain/goal';
import { queryGoals, type GoalQuery } from '$lib/domain/goal-filter';
import { collectTags } from '$lib/domain/tags';
import { buildTimeline, type TimelineEntry } from '$lib/domain/timeline';
import { act, actAndSay } from './action';
import { EditSession } from './edit-session.svelte';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** The goal list: every goal with its evidence count, filtered and sorted by a query. */
export class GoalList {
	readonly goals = new LiveQuery(goals.listGoals);
	readonly evidence = new LiveQuery(listEvidence);
	/** The learner's profile, for the "fits my profile" filter. */
	readonly profile = new LiveQuery(getProfile);

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.goals, this.evidence, this.profile];
	}

	/** The goals that match `query`, in its order; empty while loading. */
	shown(query: GoalQuery): Goal[] {
		return queryGoals(this.goals.current ?? [], query, this.profile.current);
	}

	/** Every tag on a goal, to filter by. */
	get tags(): string[] {
		return collectTags(this.goals.current ?? []);
	}

	/** How many pieces of evidence each goal has, by goal id. */
	get evidenceCounts(): Map<string, number> {
		return evidenceCountByGoal(this.evidence.current ?? []);
	}
}

/** One goal's page: the goal, its evidence and reflections as a timeline. */
export class GoalView {
	readonly goal: LiveQuery<Goal | null>;
	readonly evidence: LiveQuery<Awaited<ReturnType<typeof evidenceForGoal>>>;
	readonly reflections = new LiveQuery(listReflections);

	constructor(readonly id: string) {
		this.goal = new LiveQuery(() => goals.getGoal(id).then((g) => g ?? null));
		this.evidence = new LiveQuery(() => evidenceForGoal(id));
	}

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.goal, this.evidence, this.reflections];
	}

	/** Evidence and reflections of the goal, newest first; empty while loading. */
	get timeline(): TimelineEntry[] {
		const evidence = this.evidence.current;
		const reflections = this.reflections.current;
		return evidence && reflections ? buildTimeline(this.id, evidence, reflections) : [];
	}
}

/** A goal being edited: the stored goal and the merge base of the form. */
export function editGoal(id: string): EditSession<Goal> {
	return new EditSession(() => goals.getGoal(id));
}

/** Creates a goal and says so; returns the new goal's id. */
export async function createGoal(fields: GoalFields): Promise<string> {
	const goal = await goals.createGoal(fields);
	toasts.show(t('goals.created'));
	return goal.id;
}

/**
 * Saves an edited goal, merged with changes made elsewhere, and says so. False when the learner
 * went back to the form from the conflict question (nothing was saved).
 */
export async function saveGoal(session: EditSession<Goal>, fields: GoalFields): Promise<boolean> {
	return session.saveAndSay((id, edit) => goals.updateGoal(id, fields, edit));
}

/** Archives a goal or brings it back, with an undo. */
export function archiveGoal(id: string, archived: boolean): Promise<void> {
	return act(async () => {
		await goals.setGoalArchived(id, archived);
		toasts.show(archived ? t('goal.archivedToast') : t('goal.restoredToast'), {
			action: archived
				? { label: t('common.undo'), run: () => act(() => goals.setGoalArchived(id, false)) }
				: undefined
		});
	});
}

/** Deletes a goal (its reflections with it); true when it is gone. */
export function deleteGoal(id: string): Promise<boolean> {
	return actAndSay(() => goals.deleteGoal(id), 'goal.deletedToast');
}
