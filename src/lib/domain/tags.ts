/** Tags are trimmed, lower-cased, de-duplicated and kept in the order first written. */
export function normaliseTags(input: string | readonly string[]): string[] {
	const parts = typeof input === 'string' ? input.split(',') : input;
	const seen = new Set<string>();
	for (const part of parts) {
		const tag = part.trim().replace(/\s+/g, ' ').toLowerCase();
		if (tag && tag.length <= 40) seen.add(tag);
	}
	return [...seen];
}

/** Every tag used across `records`, sorted for a filter list. */
export function collectTags(records: readonly { tags: readonly string[] }[]): string[] {
	const all = new Set<string>();
	for (const record of records) for (const tag of record.tags) all.add(tag);
	return [...all].sort((a, b) => a.localeCompare(b));
}
