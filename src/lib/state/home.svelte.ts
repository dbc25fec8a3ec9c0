import { listEvidence } from '$lib/db/evidence';
import { listGoals } from '$lib/db/goals';
import { listPeActivities } from '$lib/db/pe-activities';
import { recentReflections } from '$lib/db/reflections';
import { listRegisters } from '$lib/db/registers';
import { activeGoals, needsAttention, type Attention } from '$lib/domain/attention';
import { toIsoDate } from '$lib/domain/dates';
import type { Evidence } from '$lib/domain/evidence';
import type { Goal } from '$lib/domain/goal';
import { LiveQuery } from './live-query.svelte';

/** How many recent pieces of evidence and reflections the home page shows. */
const RECENT = 4;

/** The home page: what needs attention, active goals, recent evidence and reflections. */
export class HomeView {
	readonly goals = new LiveQuery(listGoals);
	readonly evidence = new LiveQuery(listEvidence);
	readonly reflections = new LiveQuery(() => recentReflections(RECENT));
	readonly registers = new LiveQuery(listRegisters);
	readonly peActivities = new LiveQuery(listPeActivities);

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.goals, this.evidence, this.reflections, this.registers, this.peActivities];
	}

	/** True once goals and evidence are read. */
	get loaded(): boolean {
		return this.goals.current !== undefined && this.evidence.current !== undefined;
	}

	/** A learner without goals or evidence yet: the page welcomes them instead. */
	get isNew(): boolean {
		return this.loaded && this.goals.current?.length === 0 && this.evidence.current?.length === 0;
	}

	/** Overdue goals and open goals without evidence; undefined while loading. */
	get attention(): Attention | undefined {
		const goals = this.goals.current;
		const evidence = this.evidence.current;
		return goals && evidence ? needsAttention(goals, evidence, toIsoDate()) : undefined;
	}

	/** The active goals, nearest target date first. */
	get active(): Goal[] {
		return activeGoals(this.goals.current ?? []);
	}

	/** The latest evidence by date. */
	get recentEvidence(): Evidence[] {
		return [...(this.evidence.current ?? [])]
			.sort((a, b) => b.date.localeCompare(a.date))
			.slice(0, RECENT);
	}
}
