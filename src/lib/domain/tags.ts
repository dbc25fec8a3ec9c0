import * as v from 'valibot';

/** Longest tag a record keeps; backups and shares refuse longer ones. */
export const TAG_MAX_LENGTH = 40;
/** Most tags on one record; backups refuse more. */
export const TAGS_MAX = 100;

/** Tags are trimmed, lower-cased, de-duplicated and kept in the order first written. */
export function normaliseTags(input: string | readonly string[]): string[] {
	const parts = typeof input === 'string' ? input.split(',') : input;
	const seen = new Set<string>();
	for (const part of parts) {
		const tag = part.trim().replace(/\s+/g, ' ').toLowerCase();
		if (tag) seen.add(tag);
	}
	return [...seen];
}

/**
 * Tags from another system, made to fit: a long one is shortened with "…" rather than lost, so
 * what the learner wrote stays recognisable.
 */
export function fitTags(input: readonly string[]): string[] {
	const fitted = normaliseTags(input).map((tag) =>
		tag.length > TAG_MAX_LENGTH ? `${tag.slice(0, TAG_MAX_LENGTH - 1).trimEnd()}…` : tag
	);
	return [...new Set(fitted)].slice(0, TAGS_MAX);
}

/** The tags field of a form: comma-separated; a tag too long is refused at the field, never dropped. */
export const TagsInputSchema = v.pipe(
	v.string(),
	v.transform((input: string) => normaliseTags(input)),
	v.check((tags) => tags.every((tag) => tag.length <= TAG_MAX_LENGTH), 'error.tagTooLong'),
	v.maxLength(TAGS_MAX, 'error.tooMany')
);

/** Every tag used across `records`, sorted for a filter list. */
export function collectTags(records: readonly { tags: readonly string[] }[]): string[] {
	const all = new Set<string>();
	for (const record of records) for (const tag of record.tags) all.add(tag);
	return [...all].sort((a, b) => a.localeCompare(b));
}
