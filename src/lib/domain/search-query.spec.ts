import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { makeEvidence, makeGoal } from '$lib/testing/factories';
import { INDEX_OPTIONS, searchDocs, type SearchDoc } from './search';
import { prefixDistance, searchPortfolio, vocabulary, wordsNear } from './search-query';

/** An index over evidence titled and written as given, with its word list. */
function portfolio(...items: { id: string; title: string; body?: string }[]) {
	const docs = searchDocs({
		goals: [makeGoal({ id: 'g0', title: 'Doel zonder woorden' })],
		evidence: items.map((item) => makeEvidence({ body: '', ...item })),
		reflections: [],
		peActivities: []
	});
	const index = new MiniSearch<SearchDoc>(INDEX_OPTIONS);
	index.addAll(docs);
	const words = vocabulary(docs);
	return (query: string) => searchPortfolio(index, words, query).map((hit) => hit.id);
}

describe('prefixDistance', () => {
	it('counts the edits to the nearest beginning of a word', () => {
		expect(prefixDistance('ervarimg', 'ervaringen', 1)).toBe(1);
		expect(prefixDistance('ervaring', 'ervaringen', 1)).toBe(0);
		expect(prefixDistance('ervarrin', 'ervaringen', 1)).toBe(1);
		expect(prefixDistance('comunicat', 'communication', 1)).toBe(1);
		expect(prefixDistance('reflectie', 'overdracht', 1)).toBe(2);
	});

	it('walks a sorted word list as a trie, with the same answers as one word at a time', () => {
		const words = [
			'abcde',
			'abcdexx',
			'abcdexxyz',
			'abcdfxx',
			'abxde',
			'bcde',
			'ervaren',
			'ervaring',
			'ervaringen',
			'ervarmgen',
			'xabcde'
		].sort();
		for (const typed of ['abcde', 'ervarimg', 'abcdexxy', 'bcdex']) {
			const expected = words
				.map((word) => ({ word, distance: prefixDistance(typed, word, 1) }))
				.filter((w) => w.distance <= 1);
			expect(wordsNear(typed, words, 1)).toEqual(expected);
		}
		expect(wordsNear('abcde', words, 1).map((w) => w.word)).toEqual([
			'abcde',
			'abcdexx',
			'abcdexxyz',
			'abcdfxx',
			'abxde',
			'bcde',
			'xabcde'
		]);
	});
});

describe('search while typing', () => {
	const search = portfolio(
		{ id: 'e1', title: 'Ervaringen op de afdeling', body: 'Wat ik leerde van collega’s.' },
		{ id: 'e2', title: 'Ervaring met overdracht' },
		{ id: 'e3', title: 'Communication with families', body: 'Difficult conversations.' },
		{ id: 'e4', title: 'Ervaren collega', body: 'Een vraag aan een ervaren collega.' }
	);

	it('finds a word from a small typo in its first part (Dutch)', () => {
		// Before: MiniSearch matched prefixes and whole-word typos, never both at once.
		expect(search('ervarimg')).toEqual(expect.arrayContaining(['e1', 'e2']));
		expect(search('overdrahc')).toEqual(['e2']);
	});

	it('finds a word from a small typo in its first part (English)', () => {
		expect(search('comunicat')).toEqual(['e3']);
		expect(search('difficlt conv')).toEqual(['e3']);
		expect(search('conversaitons')).toEqual(['e3']);
	});

	it('ranks the exact word first, then prefixes, then typos', () => {
		expect(search('ervaring')[0]).toBe('e2');
		expect(search('ervarimg')[0]).toBe('e2');
		expect(search('ervaringen')[0]).toBe('e1');
	});

	it('stays quiet: short words need exact beginnings, and every word must match', () => {
		expect(search('erva')).toEqual(expect.arrayContaining(['e1', 'e2', 'e4']));
		expect(search('ervx')).toEqual([]);
		expect(search('ervarimg families')).toEqual([]);
		expect(search('xyzzyq')).toEqual([]);
		expect(search('ervarimg')).not.toContain('e4');
	});
});
