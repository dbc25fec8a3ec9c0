import { nowStamp } from '$lib/domain/dates';
import { db } from './koers-db';

/**
 * Files chosen in a form but not saved yet live only in the page's memory. Before Koers reloads
 * into a new version they are kept here (IndexedDB holds File objects as they are), and the
 * form takes them back when it opens again.
 */

/** Keeps a form's chosen files under its draft key (replacing what was kept before). */
export async function keepDraftFiles(key: string, files: readonly File[]): Promise<void> {
	await db.draftFiles.put({ key, files: [...files], keptAt: nowStamp() });
}

/** Takes a form's kept files back, once: they are removed as they are returned. */
export async function takeDraftFiles(key: string): Promise<File[]> {
	return db.transaction('rw', db.draftFiles, async () => {
		const kept = await db.draftFiles.get(key);
		if (kept) await db.draftFiles.delete(key);
		return kept?.files ?? [];
	});
}
