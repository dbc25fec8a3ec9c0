import * as competencies from '$lib/db/competencies';
import { listEvidence } from '$lib/db/evidence';
import { listGoals } from '$lib/db/goals';
import { coachRatings } from '$lib/db/shares';
import { exampleFramework, type ExampleId } from '$lib/domain/competency/examples';
import { competencyKey, inTreeOrder, type Framework } from '$lib/domain/competency/framework';
import type { FrameworkFields, RatingFields } from '$lib/domain/competency/forms';
import {
	competencyStatus,
	coverage,
	growth,
	type CompetencyLink,
	type CompetencyStatus
} from '$lib/domain/competency/progress';
import { act, actAndSay } from './action';
import { EditSession } from './edit-session.svelte';
import { LiveQuery } from './live-query.svelte';
import { locale, t } from './locale.svelte';
import { toasts } from './toasts.svelte';

const NO_STATUS: ReadonlyMap<string, CompetencyStatus> = new Map();

/** A framework with its links and ratings (null: no such framework). */
async function readFramework(id: string) {
	return {
		framework: (await competencies.getFramework(id)) ?? null,
		links: await competencies.frameworkLinks(id),
		assessments: await competencies.frameworkAssessments(id)
	};
}

/** A framework's page data, and the evidence, goals and coach ratings behind its competencies. */
async function readCompetency(frameworkId: string) {
	return {
		...(await readFramework(frameworkId)),
		evidence: await listEvidence(),
		goals: await listGoals(),
		coach: await coachRatings()
	};
}

/** Every framework with how far the learner's evidence and ratings cover it. */
export class FrameworkList {
	readonly data = new LiveQuery(async () => ({
		frameworks: await competencies.listFrameworks(),
		links: await competencies.allLinks(),
		assessments: await competencies.allAssessments()
	}));

	readonly summaries = $derived.by(() => {
		const data = this.data.current;
		if (!data) return [];
		return data.frameworks.map((framework) => ({
			framework,
			coverage: coverage(competencyStatus(framework, data.links, data.assessments))
		}));
	});

	/** True when this example was added already (its button is off). */
	isAdded(example: ExampleId): boolean {
		return !!this.data.current?.frameworks.some((f) => f.sourceId === example);
	}
}

/** Which competencies a framework page lists. */
export type CompetencyFilter = 'all' | 'uncovered' | 'open';

/** One framework's page: its coverage and its competencies in tree order, filtered. */
export class FrameworkView {
	readonly data: LiveQuery<Awaited<ReturnType<typeof readFramework>>>;
	show = $state<CompetencyFilter>('all');

	constructor(readonly id: string) {
		this.data = new LiveQuery(() => readFramework(id));
	}

	/** Undefined while loading, null when there is no such framework. */
	get framework(): Framework | null | undefined {
		return this.data.current?.framework;
	}

	readonly status = $derived.by(() => {
		const data = this.data.current;
		return data?.framework
			? competencyStatus(data.framework, data.links, data.assessments)
			: NO_STATUS;
	});

	readonly summary = $derived.by(() => coverage(this.status));

	readonly rows = $derived.by(() => {
		const framework = this.framework;
		if (!framework) return [];
		return inTreeOrder(framework.competencies).filter(({ competency }) => {
			const s = this.status.get(competencyKey(framework.id, competency.id));
			if (!s || this.show === 'all') return true;
			if (this.show === 'uncovered') return s.evidenceIds.length === 0 && !s.mastered;
			return !s.mastered;
		});
	});
}

/** One competency's page: status, own and coach ratings, growth, and what is behind it. */
export class CompetencyView {
	readonly data: LiveQuery<Awaited<ReturnType<typeof readCompetency>>>;
	readonly key: string;

	constructor(
		readonly frameworkId: string,
		readonly competencyId: string
	) {
		this.key = competencyKey(frameworkId, competencyId);
		this.data = new LiveQuery(() => readCompetency(frameworkId));
	}

	get framework(): Framework | null | undefined {
		return this.data.current?.framework;
	}

	readonly competency = $derived.by(() =>
		this.framework?.competencies.find((c) => c.id === this.competencyId)
	);

	/** Read, and there is no such competency (or framework). */
	get missing(): boolean {
		return !!this.data.current && !this.competency;
	}

	readonly status = $derived.by(() => {
		const data = this.data.current;
		return data?.framework
			? competencyStatus(data.framework, data.links, data.assessments).get(this.key)
			: undefined;
	});

	/** Every rating of this competency (self-assessments and the entry check), oldest first. */
	readonly ratings = $derived.by(() =>
		(this.data.current?.assessments ?? []).filter((a) => a.competency === this.key)
	);

	/** The learner's own self-assessments, which they may delete. */
	readonly selfRatings = $derived.by(() => this.ratings.filter((r) => r.kind === 'self'));

	/** Ratings coaches gave through a share. */
	readonly coach = $derived.by(() =>
		(this.data.current?.coach ?? [])
			.filter((r) => r.competency === this.key)
			.map(({ competency, date, levelId, author }) => ({ competency, date, levelId, author }))
	);

	readonly points = $derived.by(() =>
		this.framework ? growth(this.framework, this.key, this.ratings, this.coach) : []
	);

	readonly evidence = $derived.by(() =>
		(this.data.current?.evidence ?? []).filter((e) => this.status?.evidenceIds.includes(e.id))
	);

	readonly goals = $derived.by(() =>
		(this.data.current?.goals ?? []).filter((g) => this.status?.goalIds.includes(g.id))
	);

	/** A level's name by its id; a dash for a level no longer there. */
	levelName(levelId: string): string {
		return this.framework?.levels.find((l) => l.id === levelId)?.name ?? '—';
	}
}

/** The competencies a goal or piece of evidence is linked to, and every framework to pick from. */
export class RecordCompetencies {
	readonly data: LiveQuery<{ frameworks: Framework[]; links: CompetencyLink[] }>;

	constructor(
		readonly recordKind: CompetencyLink['recordKind'],
		readonly recordId: string
	) {
		this.data = new LiveQuery(async () => ({
			frameworks: await competencies.listFrameworks(),
			links: await competencies.linksOf(recordId)
		}));
	}

	get frameworks(): Framework[] {
		return this.data.current?.frameworks ?? [];
	}

	/** Keys (framework|competency) of the linked competencies. */
	readonly linked: ReadonlySet<string> = $derived.by(() => {
		const keys = (this.data.current?.links ?? []).map((l) => l.competency);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced on each change, never mutated
		return new Set(keys);
	});

	/** The linked competencies, framework by framework. */
	readonly chips = $derived.by(() =>
		this.frameworks.flatMap((framework) =>
			framework.competencies
				.filter((c) => this.linked.has(competencyKey(framework.id, c.id)))
				.map((competency) => ({ framework, competency }))
		)
	);

	/** Links or unlinks one competency. */
	async toggle(key: string, on: boolean): Promise<void> {
		const others = [...this.linked].filter((k) => k !== key);
		const keys = on ? [...others, key] : others;
		await act(() => competencies.setLinks(this.recordKind, this.recordId, keys));
	}
}

/** A framework being edited: the stored one and the merge base of the form. */
export function editFramework(id: string): EditSession<Framework> {
	return new EditSession(() => competencies.getFramework(id));
}

/** Stores the learner's own framework and says so; returns its id. */
export async function createFramework(fields: FrameworkFields): Promise<string> {
	const id = await competencies.createFramework({ ...fields, source: 'own', sourceId: null });
	toasts.show(t('competency.addedToast'));
	return id;
}

/** Adds one of the examples in the learner's language; its id, or undefined when it failed. */
export function addExample(example: ExampleId): Promise<string | undefined> {
	return act(async () => {
		const id = await competencies.createFramework(exampleFramework(example, locale.current));
		toasts.show(t('competency.addedToast'));
		return id;
	});
}

/**
 * Saves an edited framework, merged with changes made elsewhere, and says so. False when the
 * learner went back to the form from the conflict question (nothing was saved).
 */
export async function saveFramework(
	session: EditSession<Framework>,
	fields: FrameworkFields
): Promise<boolean> {
	const saved = await session.save((edit) =>
		competencies.updateFramework({ ...edit.base, ...fields }, edit)
	);
	if (saved) toasts.show(t('common.saved'));
	return saved;
}

/** Deletes a framework with its links and ratings; true when it is gone. */
export function deleteFramework(id: string): Promise<boolean> {
	return actAndSay(() => competencies.deleteFramework(id), 'competency.deletedToast');
}

/** Records a self-assessment of one competency (the table and chart show it). */
export async function rateCompetency(
	frameworkId: string,
	competencyId: string,
	rating: RatingFields
): Promise<void> {
	await competencies.addAssessment({ frameworkId, competencyId, kind: 'self', ...rating });
}

/** The entry check: the learner already masters this competency (its top level, today). */
export async function markMastered(framework: Framework, competencyId: string): Promise<void> {
	const top = framework.levels[framework.levels.length - 1];
	if (!top) return;
	await act(() =>
		competencies.addAssessment({
			frameworkId: framework.id,
			competencyId,
			kind: 'entry',
			levelId: top.id,
			note: ''
		})
	);
}

/** Deletes one self-assessment. */
export async function deleteRating(id: string): Promise<void> {
	await act(() => competencies.deleteAssessment(id));
}
