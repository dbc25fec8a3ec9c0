/**
 * Three-way merge of an edited record, field by field. `base` is the record as the form loaded
 * it, `mine` what the learner saves, `theirs` what is stored now (changed meanwhile in another
 * tab or on another device). A field only one side changed takes that side's value; a field
 * both changed to different values is a conflict, which `prefer` settles or the caller shows.
 */

/** Whose value wins a field both sides changed. */
export type EditChoice = 'mine' | 'theirs';

/** The merged fields, and those both sides changed differently (left as `prefer` says, or mine). */
export interface EditMerge<T> {
	merged: T;
	conflicts: (keyof T & string)[];
}

/** Structural equality for the plain data records hold (JSON values). */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
	const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((k) =>
		sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
	);
}

/** Merges the fields of `mine` onto `theirs`, as seen from `base`. */
export function mergeEdit<T extends object>(
	base: Partial<T>,
	mine: T,
	theirs: Partial<T>,
	prefer?: EditChoice
): EditMerge<T> {
	const merged = { ...mine };
	const conflicts: (keyof T & string)[] = [];
	for (const key of Object.keys(mine) as (keyof T & string)[]) {
		const changedHere = !sameValue(mine[key], base[key]);
		const changedThere = !sameValue(theirs[key], base[key]);
		if (!changedThere) continue;
		if (!changedHere) merged[key] = theirs[key] as T[typeof key];
		else if (!sameValue(mine[key], theirs[key])) {
			conflicts.push(key);
			if (prefer === 'theirs') merged[key] = theirs[key] as T[typeof key];
		}
	}
	return { merged, conflicts };
}
