import { untrack } from 'svelte';
import { EditConflictError, type EditBase } from '$lib/db/edits';
import type { EditChoice } from '$lib/domain/merge';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** A conflict waiting for the learner: which fields, and the answer once given. */
interface PendingConflict {
	fields: string[];
	answer: (choice: EditChoice | null) => void;
}

/** The one question "whose version?" shown by the layout's conflict dialog. */
class ConflictPrompt {
	#pending = $state.raw<PendingConflict | null>(null);

	get pending(): PendingConflict | null {
		return this.#pending;
	}

	/** Asks the learner; null when they went back to the form instead. */
	ask(fields: string[]): Promise<EditChoice | null> {
		this.#pending?.answer(null);
		return new Promise((resolve) => {
			this.#pending = {
				fields,
				answer: (choice) => {
					this.#pending = null;
					resolve(choice);
				}
			};
		});
	}
}

export const conflictPrompt = new ConflictPrompt();

/**
 * One record being edited in a form: the record as the form opened it (the base of the merge),
 * the record as stored now, and whether it changed elsewhere since. `save` merges the learner's
 * fields with what changed meanwhile; where both changed the same field it asks whose wins.
 */
export class EditSession<T extends { updatedAt: string }> {
	#live: LiveQuery<T | null>;
	#base: T | null | undefined;

	constructor(load: () => Promise<T | undefined>) {
		this.#live = new LiveQuery(() => load().then((record) => record ?? null));
	}

	/** The query behind `current` (for the error state in place). */
	get query(): LiveQuery<T | null> {
		return this.#live;
	}

	/** The record as stored now: undefined while loading, null when it does not exist. */
	get current(): T | null | undefined {
		const current = this.#live.current;
		// The first value read is the base every save merges from.
		if (this.#base === undefined && current !== undefined) this.#base = current;
		return current;
	}

	/** The record as the form opened it. */
	get base(): T | null | undefined {
		void this.current;
		return this.#base;
	}

	/** Someone else (another tab, another device) saved this record after the form opened. */
	get changedElsewhere(): boolean {
		const current = this.current;
		const base = untrack(() => this.#base);
		return !!current && !!base && current.updatedAt !== base.updatedAt;
	}

	/**
	 * Saves through `write`; on a conflict asks the learner and saves again with their choice.
	 * Returns false when they went back to the form (nothing was saved).
	 */
	async save(write: (edit: EditBase<T>) => Promise<void>): Promise<boolean> {
		const base = this.base;
		if (!base) throw new Error('Nothing to edit');
		try {
			await write({ base });
		} catch (error) {
			if (!(error instanceof EditConflictError)) throw error;
			const prefer = await conflictPrompt.ask(error.fields);
			if (!prefer) return false;
			await write({ base, prefer });
		}
		return true;
	}

	/**
	 * Saves the record's edited fields through `write` (given its id and the merge base) and says
	 * "Saved". False when the learner went back to the form (nothing was saved).
	 */
	async saveAndSay(write: (id: string, edit: EditBase<T>) => Promise<void>): Promise<boolean> {
		const id = (this.base as { id?: unknown } | null | undefined)?.id;
		if (typeof id !== 'string' || !(await this.save((edit) => write(id, edit)))) return false;
		toasts.show(t('common.saved'));
		return true;
	}
}
