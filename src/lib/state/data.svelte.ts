import * as v from 'valibot';
import { readTables } from '$lib/db/backup';
import { lastExportAt } from '$lib/db/backup-reminder';
import { printSelection, type PrintedGoal } from '$lib/domain/print';
import type { MessageId } from '$lib/i18n';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { shareHub } from './share-hub.svelte';

/** The data page's reads: when the last backup was made. */
export class DataView {
	/** When the last backup was exported, or null; undefined while loading. */
	readonly lastExport = new LiveQuery(lastExportAt);

	/** The queries this page reads (for the error state in place). */
	get queries() {
		return [this.lastExport];
	}
}

/** The portfolio to print, and what of it the learner chose. */
export class PrintView {
	readonly portfolio = new LiveQuery(readTables);
	evidence = $state(true);
	reflections = $state(true);
	feedback = $state(true);
	#chosen = $state<string[]>();

	/** Every goal, in the learner's order; empty while loading. */
	get goals() {
		return this.portfolio.current?.goals ?? [];
	}

	/** The goals to print: every goal that is not archived, until the learner chooses. */
	get goalIds(): string[] {
		return this.#chosen ?? this.goals.filter((g) => g.archivedAt === null).map((g) => g.id);
	}

	set goalIds(ids: string[]) {
		this.#chosen = ids;
	}

	/** The chosen goals with what they include, ready to print. */
	get printed(): PrintedGoal[] {
		const portfolio = this.portfolio.current;
		if (!portfolio) return [];
		return printSelection(portfolio, {
			goalIds: this.goalIds,
			evidence: this.evidence,
			reflections: this.reflections,
			feedback: this.feedback
		});
	}
}

/** True when the learner typed the confirmation word of their language (in any case). */
export function deleteConfirmed(typed: string): boolean {
	return typed.trim().toLowerCase() === t('data.delete.word').toLowerCase();
}

/** The delete-everything form: it asks for the confirmation word. */
export const DeleteSchema = v.object({
	confirm: v.pipe(v.string(), v.check(deleteConfirmed, 'error.invalid'))
});

/**
 * Stops sharing and removes everything Koers keeps in this browser; reload the page afterwards.
 * Resolves with why nothing was deleted when another tab keeps the data open.
 */
export async function deleteEverything(): Promise<MessageId | undefined> {
	shareHub.stop();
	// The sync with other devices stops too: deleting here never deletes anything there.
	(await import('./devices.svelte')).deviceHub.stop();
	const wipe = await import('$lib/db/wipe');
	try {
		await wipe.deleteEverything();
		return undefined;
	} catch (error) {
		if (error instanceof wipe.StillOpenError) return 'data.delete.stillOpen';
		throw error;
	}
}
