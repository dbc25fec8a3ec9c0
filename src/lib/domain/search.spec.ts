import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';
import { INDEX_OPTIONS, searchDocs, snippet, type SearchDoc } from './search';

function index() {
	const goal = makeGoal({ id: 'g1', title: 'Feedback geven in het team', tags: ['communicatie'] });
	const docs = searchDocs({
		goals: [goal],
		evidence: [
			makeEvidence({
				id: 'e1',
				title: 'Verslag',
				body: '# Coördinatie\n\nDe **overdracht** ging goed.'
			})
		],
		reflections: [
			makeReflection({
				id: 'r1',
				subjectId: 'g1',
				steps: { text: 'Ik merkte dat mijn collega’s de feedback waardeerden.' }
			})
		],
		peActivities: []
	});
	const search = new MiniSearch<SearchDoc>(INDEX_OPTIONS);
	search.addAll(docs);
	return search;
}

describe('portfolio search', () => {
	it('finds a reflection by a word in its body, titled by what it reflects on', () => {
		const [hit] = index().search('waardeerden');
		expect(hit).toMatchObject({
			kind: 'reflection',
			id: 'r1',
			title: 'Feedback geven in het team'
		});
	});

	it('matches prefixes, small typos, accents and tags; all words must match', () => {
		const search = index();
		expect(search.search('overdr').map((r) => r.id)).toEqual(['e1']);
		expect(search.search('coordinatie').map((r) => r.id)).toEqual(['e1']);
		expect(search.search('feedbak').map((r) => r.kind)).toContain('goal');
		expect(search.search('communicatie').map((r) => r.id)).toEqual(['g1']);
		expect(search.search('feedback overdracht')).toEqual([]);
	});

	it('indexes Markdown as words, keeping hyphenated words whole', () => {
		const [doc] = searchDocs({
			goals: [],
			evidence: [makeEvidence({ body: '# Verslag\n\n- een **one-to-one** gesprek\n> citaat' })],
			reflections: [],
			peActivities: []
		});
		expect(doc!.text).toBe('Verslag een one-to-one gesprek citaat');
	});

	it('marks the matches in a snippet around the first one', () => {
		expect(snippet('De overdracht ging goed', ['overdr'])).toEqual([
			{ text: 'De ', hit: false },
			{ text: 'overdr', hit: true },
			{ text: 'acht ging goed', hit: false }
		]);
		const long = `${'x '.repeat(100)}vondst ${'y '.repeat(100)}`;
		const parts = snippet(long, ['vondst']);
		expect(parts[0]).toEqual({ text: '…', hit: false });
		expect(parts.find((p) => p.hit)?.text).toBe('vondst');
	});
});
