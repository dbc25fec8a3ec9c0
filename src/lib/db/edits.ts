import { mergeEdit, type EditChoice } from '$lib/domain/merge';

/** The same fields were changed elsewhere (another tab, another device) while the learner edited. */
export class EditConflictError extends Error {
	constructor(readonly fields: string[]) {
		super(`Changed elsewhere meanwhile: ${fields.join(', ')}`);
		this.name = 'EditConflictError';
	}
}

/** Where an edit started: the record as the form loaded it, and who wins a conflict. */
export interface EditBase<T> {
	base: T;
	prefer?: EditChoice;
}

/**
 * The stored record with the learner's edited `fields` merged in (see domain/merge.ts). Call it
 * inside the transaction that writes the result, so nothing can change between. Without `edit`
 * the fields simply replace the stored ones.
 */
export function mergeOntoStored<T extends object, F extends object>(
	stored: T,
	fields: F,
	edit?: EditBase<T>
): T {
	if (!edit) return { ...stored, ...fields };
	const base = edit.base as unknown as Partial<F>;
	const { merged, conflicts } = mergeEdit(
		base,
		fields,
		stored as unknown as Partial<F>,
		edit.prefer
	);
	if (conflicts.length > 0 && !edit.prefer) throw new EditConflictError(conflicts);
	return { ...stored, ...merged };
}
