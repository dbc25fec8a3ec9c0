import { createFramework } from '$lib/db/competencies';
import { defaultLevels } from '$lib/domain/competency/framework';
import {
	FrameworkImportError,
	MAX_FRAMEWORK_BYTES,
	parseCase,
	parseCompetencyCsv,
	parseMaharaMatrix,
	type FrameworkDraft
} from '$lib/domain/competency/import';
import { locale, t } from './locale.svelte';

/** Reading a framework file (CASE JSON, Mahara .matrix, CSV), previewing it, then storing it. */
export class FrameworkImport {
	draft = $state.raw<FrameworkDraft>();
	error = $state<string>();
	saving = $state(false);

	async choose(file: File | undefined): Promise<void> {
		this.draft = undefined;
		this.error = undefined;
		if (!file) return;
		if (file.size > MAX_FRAMEWORK_BYTES) {
			this.error = t('competency.import.error.tooLarge');
			return;
		}
		const text = await file.text();
		const levels = defaultLevels(locale.current);
		try {
			if (/\.csv$/i.test(file.name) || file.type === 'text/csv') {
				this.draft = parseCompetencyCsv(text, file.name, levels);
			} else if (/\.matrix$/i.test(file.name)) {
				this.draft = parseMaharaMatrix(text, levels);
			} else {
				this.draft = parseCase(text, levels);
			}
		} catch (error) {
			if (!(error instanceof FrameworkImportError)) throw error;
			this.error = t(`competency.import.error.${error.code}`, { detail: error.detail });
		}
	}

	/** Stores the previewed framework; returns its id. */
	async save(): Promise<string | undefined> {
		if (!this.draft) return undefined;
		this.saving = true;
		try {
			return await createFramework(this.draft);
		} finally {
			this.saving = false;
		}
	}
}
