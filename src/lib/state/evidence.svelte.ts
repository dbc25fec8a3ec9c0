import type { AttachmentChanges } from '$lib/db/attachments';
import * as evidence from '$lib/db/evidence';
import { listGoals } from '$lib/db/goals';
import { getProfile } from '$lib/db/profile';
import { reflectionsOn } from '$lib/db/reflections';
import type { Attachment } from '$lib/domain/attachment';
import { toIsoDate } from '$lib/domain/dates';
import {
	emptyEvidenceForm,
	isWebUrl,
	type Evidence,
	type EvidenceFields,
	type EvidenceForm
} from '$lib/domain/evidence';
import type { Goal } from '$lib/domain/goal';
import { suggestedFormats } from '$lib/domain/profile';
import type { Reflection } from '$lib/domain/reflection';
import type { EvidenceFormat } from '$lib/domain/vocab';
import { formatForFile, type SharedMeta } from '$lib/share-target';
import { actAndSay, reportFailure } from './action';
import { EditSession } from './edit-session.svelte';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** What was shared to Koers from another app: text fields and the files. */
export type SharedItem = Pick<SharedMeta, 'title' | 'text' | 'url'> & { blobs: File[] };

/** The evidence page: every piece, filtered by format, newest first. */
export class EvidenceList {
	readonly evidence = new LiveQuery(evidence.listEvidence);
	/** The format shown; empty for every format. */
	format = $state('');

	get queries() {
		return [this.evidence];
	}

	/** The evidence of the chosen format, newest first; empty while loading. */
	get shown(): Evidence[] {
		return (this.evidence.current ?? [])
			.filter((item) => !this.format || item.format === this.format)
			.sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
	}
}

/** One piece of evidence's page: the evidence, its files, its goals and the reflections on it. */
export class EvidenceView {
	readonly evidence: LiveQuery<Evidence | null>;
	readonly attachments: LiveQuery<Attachment[]>;
	readonly reflections: LiveQuery<Reflection[]>;
	readonly goals = new LiveQuery(listGoals);

	constructor(readonly id: string) {
		this.evidence = new LiveQuery(() => evidence.getEvidence(id).then((e) => e ?? null));
		this.attachments = new LiveQuery(() => evidence.attachmentsOf(id));
		this.reflections = new LiveQuery(() => reflectionsOn(id));
	}

	get queries() {
		return [this.evidence, this.attachments, this.reflections, this.goals];
	}

	/** The goals this evidence is linked to. */
	get linked(): Goal[] {
		const ids = this.evidence.current?.goalIds ?? [];
		return (this.goals.current ?? []).filter((goal) => ids.includes(goal.id));
	}
}

/** The form for new evidence: the goals to link, and what another app shared, if anything. */
export class NewEvidence {
	readonly goals = new LiveQuery(listGoals);
	#shared = $state.raw<SharedItem | null>();

	/** `takeShared` when the form was opened by sharing to Koers (it empties the inbox). */
	constructor(
		readonly goalId: string | undefined,
		takeShared?: () => Promise<SharedItem | null>
	) {
		if (!takeShared) this.#shared = null;
		else
			void takeShared().then(
				(shared) => (this.#shared = shared),
				(error: unknown) => {
					reportFailure(error);
					this.#shared = null;
				}
			);
	}

	get queries() {
		return [this.goals];
	}

	/** True once the goals are read and anything shared is taken: the form can start. */
	get ready(): boolean {
		return this.goals.current !== undefined && this.#shared !== undefined;
	}

	/** What was shared; null when nothing was. */
	get shared(): SharedItem | null | undefined {
		return this.#shared;
	}

	/** The goals new evidence can be linked to (not archived). */
	get openGoals(): Goal[] {
		return (this.goals.current ?? []).filter((goal) => !goal.archivedAt);
	}

	/** Where the form starts: from what was shared, or linked to the goal it was opened from. */
	get initial(): EvidenceForm {
		const form = emptyEvidenceForm(toIsoDate(), this.goalId);
		const shared = this.#shared;
		if (shared) {
			const file = shared.blobs[0];
			form.title = (shared.title || file?.name || '').slice(0, 200);
			form.description = shared.text.slice(0, 5_000);
			if (isWebUrl(shared.url)) form.url = shared.url;
			form.format = file ? formatForFile(file.type) : isWebUrl(shared.url) ? 'link' : 'report';
			return form;
		}
		const goal = this.goals.current?.find((g) => g.id === this.goalId);
		if (goal?.formats[0]) form.format = goal.formats[0];
		else if (goal === undefined) form.goalIds = [];
		return form;
	}
}

/** Evidence being edited: the stored record, its files and the goals it can link to. */
export class EvidenceEdit {
	readonly session: EditSession<Evidence>;
	readonly attachments: LiveQuery<Attachment[]>;
	readonly goals = new LiveQuery(listGoals);

	constructor(readonly id: string) {
		this.session = new EditSession(() => evidence.getEvidence(id));
		this.attachments = new LiveQuery(() => evidence.attachmentsOf(id));
	}

	get queries() {
		return [this.session.query, this.attachments, this.goals];
	}

	/** The open goals and the ones this evidence already links to, once read. */
	get goalChoices(): Goal[] | undefined {
		const linked = this.session.current?.goalIds ?? [];
		return this.goals.current?.filter((g) => !g.archivedAt || linked.includes(g.id));
	}
}

/** The formats to suggest in the evidence form: the linked goals' first, then the learner's. */
export class FormatSuggestions {
	readonly profile = new LiveQuery(getProfile);

	/** Up to four formats for evidence linked to `goalIds`; none until the profile is read. */
	for(goals: readonly Goal[], goalIds: readonly string[]): EvidenceFormat[] {
		const profile = this.profile.current;
		if (!profile) return [];
		const formats = goals
			.filter((g) => goalIds.includes(g.id))
			.flatMap((g) => suggestedFormats(profile, g))
			.concat(suggestedFormats(profile));
		return formats.filter((format, i) => formats.indexOf(format) === i).slice(0, 4);
	}
}

/** Stores new evidence with its files and says so; returns the new evidence's id. */
export async function createEvidence(
	fields: EvidenceFields,
	files: AttachmentChanges
): Promise<string> {
	const created = await evidence.createEvidence(fields, files);
	toasts.show(t('evidence.created'));
	return created.id;
}

/**
 * Saves edited evidence and its file changes, merged with changes made elsewhere, and says so.
 * False when the learner went back to the form from the conflict question (nothing was saved).
 */
export async function saveEvidence(
	session: EditSession<Evidence>,
	fields: EvidenceFields,
	files: AttachmentChanges
): Promise<boolean> {
	return session.saveAndSay((id, edit) => evidence.updateEvidence(id, fields, files, edit));
}

/** Deletes evidence with its files and the reflections on it; true when it is gone. */
export function deleteEvidence(id: string): Promise<boolean> {
	return actAndSay(() => evidence.deleteEvidence(id), 'evidence.deletedToast');
}
