import { importPeActivities } from '$lib/db/pe-activities';
import { listRegisters } from '$lib/db/registers';
import type { PeActivityFields } from '$lib/domain/pe/activity';
import {
	guessMapping,
	parseCsv,
	rowsToActivities,
	type CsvTable,
	type ImportMapping,
	type RowError
} from '$lib/domain/pe/csv';
import type { Register } from '$lib/domain/pe/register';
import { readText } from '$lib/domain/text-encoding';
import { act, failureMessage } from './action';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** The largest CSV file read (a spreadsheet of years of activities is far smaller). */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/** What the chosen file would import into the chosen register. */
export interface CsvImportResult {
	activities: { line: number; fields: PeActivityFields }[];
	errors: RowError[];
}

/**
 * Importing PE activities from a CSV file: choose a register and a file, map its columns, see
 * every row checked, then store all rows at once (or none when one is wrong).
 */
export class PeCsvImport {
	readonly registers = new LiveQuery(listRegisters);
	/** The columns of the file for each field (bound to the mapping selects). */
	mapping = $state<ImportMapping>();
	#registerId = $state('');
	#table = $state.raw<CsvTable>();
	#fileError = $state<string>();
	#importing = $state(false);

	/** The queries this page reads (for the error state in place). */
	get queries(): LiveQuery<unknown>[] {
		return [this.registers];
	}

	/** The register the rows are credited to: the chosen one, or the first. */
	get registerId(): string {
		return this.#registerId || (this.registers.current?.[0]?.id ?? '');
	}

	set registerId(id: string) {
		this.#registerId = id;
	}

	get register(): Register | undefined {
		return this.registers.current?.find((r) => r.id === this.registerId);
	}

	/** The file's header and rows, once read. */
	get table(): CsvTable | undefined {
		return this.#table;
	}

	/** Why the file could not be read. */
	get fileError(): string | undefined {
		return this.#fileError;
	}

	/** True while the rows are being stored. */
	get importing(): boolean {
		return this.#importing;
	}

	/** Every row checked against the mapping and the register. */
	get result(): CsvImportResult | undefined {
		const table = this.#table;
		const register = this.register;
		return table && this.mapping && register
			? rowsToActivities(table, this.mapping, register)
			: undefined;
	}

	/** True when every row is fine and there is at least one. */
	get ready(): boolean {
		const result = this.result;
		return !!result && result.errors.length === 0 && result.activities.length > 0;
	}

	/** Reads a chosen file (in any common encoding) and guesses its columns. */
	choose = async (file: File | undefined): Promise<void> => {
		this.#table = undefined;
		this.#fileError = undefined;
		if (!file) return;
		if (file.size > MAX_CSV_BYTES) {
			this.#fileError = t('pe.import.tooLarge');
			return;
		}
		let parsed: ReturnType<typeof parseCsv>;
		try {
			parsed = parseCsv(await readText(file));
		} catch (error) {
			console.error(error);
			this.#fileError = failureMessage(error);
			return;
		}
		if ('error' in parsed) {
			this.#fileError =
				parsed.error === 'malformed'
					? t('pe.import.malformed', { line: parsed.line ?? 0 })
					: t(`pe.import.${parsed.error}`);
			return;
		}
		this.#table = parsed;
		this.mapping = guessMapping(parsed.headers);
	};

	/** Stores every row and says how many; true when they are in (the page then leaves). */
	run = async (): Promise<boolean> => {
		const result = this.result;
		if (!result || !this.ready || this.#importing) return false;
		this.#importing = true;
		try {
			const count = await act(() => importPeActivities(result.activities.map((a) => a.fields)));
			if (count === undefined) return false;
			toasts.show(t('pe.import.done', { count }));
			return true;
		} finally {
			this.#importing = false;
		}
	};
}
