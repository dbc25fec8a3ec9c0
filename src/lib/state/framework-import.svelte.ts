import { createFramework, listFrameworks, replaceFramework } from '$lib/db/competencies';
import {
	defaultLevels,
	maharaStatusLevels,
	type Framework
} from '$lib/domain/competency/framework';
import {
	FrameworkImportError,
	MAX_FRAMEWORK_BYTES,
	parseCase,
	parseCompetencyCsv,
	parseMaharaMatrix,
	sameFramework,
	type FrameworkDraft
} from '$lib/domain/competency/import';
import { readText } from '$lib/domain/text-encoding';
import { act, failureMessage } from './action';
import { locale, t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/**
 * Reading a framework file (CASE JSON, Mahara .matrix, CSV), previewing it, then storing it.
 * A file of a framework that is already there (the same CASE CFDocument, or the same name from
 * the same kind of file) is never added as a silent copy: it updates the one there, or is
 * reported as already there.
 */
export class FrameworkImport {
	draft = $state.raw<FrameworkDraft>();
	/** The framework this file is already stored as, if any. */
	existing = $state.raw<Framework>();
	/** The file holds exactly what `existing` holds. */
	unchanged = $state(false);
	error = $state<string>();
	saving = $state(false);

	/** Reads and previews a chosen file; why it cannot be added shows as `error`. */
	async choose(file: File | undefined): Promise<void> {
		try {
			await this.#read(file);
		} catch (error) {
			console.error(error);
			this.error = failureMessage(error);
		}
	}

	async #read(file: File | undefined): Promise<void> {
		this.draft = undefined;
		this.existing = undefined;
		this.unchanged = false;
		this.error = undefined;
		if (!file) return;
		if (file.size > MAX_FRAMEWORK_BYTES) {
			this.error = t('competency.import.error.tooLarge');
			return;
		}
		const text = await readText(file);
		let draft: FrameworkDraft;
		try {
			if (/\.csv$/i.test(file.name) || file.type === 'text/csv') {
				draft = parseCompetencyCsv(text, file.name, defaultLevels(locale.current));
			} else if (/\.matrix$/i.test(file.name)) {
				const { htmlToMarkdown } = await import('$lib/markdown/from-html');
				draft = parseMaharaMatrix(text, maharaStatusLevels(locale.current), await htmlToMarkdown());
			} else {
				draft = parseCase(text, defaultLevels(locale.current));
			}
		} catch (error) {
			if (!(error instanceof FrameworkImportError)) throw error;
			this.error = t(`competency.import.error.${error.code}`, {
				detail: error.detail,
				missing: error.missing
			});
			return;
		}
		const existing = (await listFrameworks()).find((f) =>
			draft.sourceId
				? f.source === draft.source && f.sourceId === draft.sourceId
				: f.source === draft.source && f.title === draft.title
		);
		this.existing = existing;
		this.unchanged = !!existing && sameFramework(existing, draft);
		this.draft = draft;
	}

	/**
	 * Stores the previewed framework, or updates the one it already is, and says so; returns its
	 * id, or undefined when that failed (an error toast said why).
	 */
	async save(): Promise<string | undefined> {
		const { draft, existing } = this;
		if (!draft || this.unchanged || this.saving) return existing?.id;
		this.saving = true;
		try {
			return await act(async () => {
				if (existing) await replaceFramework(existing.id, draft);
				const id = existing?.id ?? (await createFramework(draft));
				toasts.show(t(existing ? 'competency.updatedToast' : 'competency.addedToast'));
				return id;
			});
		} finally {
			this.saving = false;
		}
	}
}
