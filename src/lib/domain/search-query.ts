import type MiniSearch from 'minisearch';
import type { Query, SearchResult } from 'minisearch';
import { normalise, wholeWordTypos, type SearchDoc } from './search';

/** How MiniSearch splits text into words (its default), so our word list matches its index. */
const WORD_BREAK = /[\n\r\p{Z}\p{P}]+/u;

/** Shorter typed words are not matched fuzzily: too many words start almost like "ond". */
const FUZZY_PREFIX_FROM = 5;
/** Score of a word found by a fuzzy prefix, against 1 for an exact word: it always ranks below. */
const FUZZY_PREFIX_WEIGHT = 0.3;
/** Enough close words for any real query, without one query growing with the portfolio. */
const MAX_EXPANSIONS = 40;

/** Every distinct word in the documents, normalised as the index stores them, sorted. */
export function vocabulary(docs: readonly SearchDoc[]): string[] {
	const words = new Set<string>();
	for (const doc of docs)
		for (const field of [doc.title, doc.text, doc.tags])
			for (const word of field.split(WORD_BREAK)) if (word) words.add(normalise(word));
	return [...words].sort();
}

/** Edits allowed in a partly typed word of this length (0: none). */
export function prefixTypos(length: number): number {
	if (length < FUZZY_PREFIX_FROM || length > 40) return 0;
	return length < 10 ? 1 : 2;
}

/**
 * The words of a sorted list that begin with at most `max` edits of `typed` ("ervarimg" is one
 * edit from "ervaring", the start of "ervaringen"), with that number of edits. Sorted words
 * share their beginnings, so the edit table of a shared beginning is kept, and a beginning that
 * is already too far away skips every word that follows with it, as a walk through a trie would.
 */
export function wordsNear(
	typed: string,
	sortedWords: readonly string[],
	max: number
): { word: string; distance: number }[] {
	const n = typed.length;
	const width = n + 1;
	const depth = n + max;
	// Row i: edits between a word's first i characters and the typed first j characters.
	const table = new Uint8Array((depth + 1) * width);
	for (let j = 0; j <= n; j++) table[j] = j;
	// best[i]: fewest edits from the typed word to any beginning of up to i characters.
	const best = new Uint8Array(depth + 1);
	best[0] = n;
	const near: { word: string; distance: number }[] = [];
	let previous = '';
	let filled = 0;
	let deadAt = Number.POSITIVE_INFINITY;
	let deadDistance = 0;
	for (const word of sortedWords) {
		let shared = 0;
		while (shared < previous.length && previous[shared] === word[shared]) shared++;
		previous = word;
		if (shared >= deadAt) {
			// A shorter beginning of the dead one may have been close enough.
			if (deadDistance <= max) near.push({ word, distance: deadDistance });
			continue;
		}
		deadAt = Number.POSITIVE_INFINITY;
		const rows = Math.min(word.length, depth);
		let i = Math.min(shared, filled);
		for (i = i + 1; i <= rows; i++) {
			const row = i * width;
			const above = row - width;
			table[row] = i;
			let rowMin = i;
			for (let j = 1; j <= n; j++) {
				const cost = word[i - 1] === typed[j - 1] ? 0 : 1;
				const value = Math.min(
					table[above + j - 1]! + cost,
					table[above + j]! + 1,
					table[row + j - 1]! + 1
				);
				table[row + j] = value;
				if (value < rowMin) rowMin = value;
			}
			best[i] = Math.min(best[i - 1]!, table[row + n]!);
			if (rowMin > max) {
				deadAt = i;
				deadDistance = best[i]!;
				break;
			}
		}
		filled = Math.min(i, rows);
		const distance = best[Math.min(filled, rows)]!;
		if (distance <= max) near.push({ word, distance });
	}
	return near;
}

/** The fewest edits that turn `typed` into a beginning of `word`, or `max + 1` if more. */
export function prefixDistance(typed: string, word: string, max: number): number {
	return wordsNear(typed, [word], max)[0]?.distance ?? max + 1;
}

/** Levenshtein distance between two short words. */
function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			current.push(Math.min(previous[j - 1]! + cost, previous[j]! + 1, current[j - 1]! + 1));
		}
		previous = current;
	}
	return previous[b.length]!;
}

/**
 * A MiniSearch query for what the learner typed. Every word matches as a prefix and with small
 * typos (the index options); the last, partly typed word also matches words that begin with a
 * small typo of it, ranked below exact, prefix and whole-word typo matches.
 */
export function portfolioQuery(input: string, words: readonly string[]): Query {
	// `words` is sorted, as vocabulary() returns it.
	const terms = input.split(WORD_BREAK).map(normalise).filter(Boolean);
	const last = terms.at(-1);
	const max = last ? prefixTypos(last.length) : 0;
	if (!last || max === 0) return input;
	// Words that start with the typed word are already prefix matches, and whole words within
	// the index's own typo distance fuzzy matches.
	const close = wordsNear(last, words, max).filter(
		({ word }) => !word.startsWith(last) && editDistance(last, word) > wholeWordTypos(last.length)
	);
	if (close.length === 0) return input;
	close.sort((a, b) => a.distance - b.distance || a.word.length - b.word.length);
	const expansions = close.slice(0, MAX_EXPANSIONS).map((c) => c.word);
	return {
		combineWith: 'AND',
		queries: [
			...terms.slice(0, -1),
			{
				combineWith: 'OR',
				queries: [
					last,
					{
						queries: [expansions.join(' ')],
						combineWith: 'OR',
						prefix: false,
						fuzzy: false,
						boostTerm: () => FUZZY_PREFIX_WEIGHT
					}
				]
			}
		]
	};
}

/**
 * Searches the index for what the learner typed, best first. MiniSearch multiplies a score by
 * the number of query words a document matched; each close word would count as one more, so
 * the score is brought back to the words the learner typed.
 */
export function searchPortfolio<T extends SearchDoc>(
	index: MiniSearch<T>,
	words: readonly string[],
	input: string
): SearchResult[] {
	const typed = input.split(WORD_BREAK).filter(Boolean).length;
	return index
		.search(portfolioQuery(input, words))
		.map((hit) => ({ ...hit, score: (hit.score / (hit.queryTerms.length || 1)) * typed }))
		.sort((a, b) => b.score - a.score);
}
