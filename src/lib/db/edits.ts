import type { EntityTable, IDType } from 'dexie';
import { nowStamp } from '$lib/domain/dates';
import { mergeEdit, type EditChoice } from '$lib/domain/merge';
import { db } from './koers-db';

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

/** Saves edited `fields` of the record `id` in `table`, merged onto it in one transaction. */
export async function saveEdit<T extends { id: string; updatedAt: string }, F extends object>(
	table: EntityTable<T, 'id'>,
	id: IDType<T, 'id'>,
	fields: F,
	edit?: EditBase<T>
): Promise<void> {
	await db.transaction('rw', table, async () => {
		const stored = await table.get(id);
		if (!stored) throw new Error(`No ${table.name} ${id}`);
		await table.put({ ...mergeOntoStored(stored, fields, edit), updatedAt: nowStamp() });
	});
}
