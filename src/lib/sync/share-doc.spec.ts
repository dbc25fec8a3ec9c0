import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SHARE_CONTENT_VERSION, type ShareMeta } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import { LIVE_SAFE_BYTES } from '$lib/domain/share/links';
import { MAX_SYNC_MESSAGE_BYTES } from './peer/update-guard';
import {
	addResponse,
	MAX_PAGES,
	observeDoc,
	pagesNeeded,
	readContent,
	readPageCount,
	readResponses,
	writeContent
} from './share-doc';
import { validResponses, type ShareResponse } from '$lib/domain/share/responses';
import { makeEvidence, makeGoal } from '$lib/testing/factories';

const meta: ShareMeta = {
	version: SHARE_CONTENT_VERSION,
	shareId: 's1',
	title: 'For my mentor',
	owner: 'Sam',
	publishedAt: '2026-01-01T00:00:00Z'
};
const goals = [makeGoal({ id: 'g1', title: 'One' }), makeGoal({ id: 'g2', title: 'Two' })];
const items = (selected: string[]) =>
	projectItems(
		{ kind: 'goals', goalIds: selected },
		{ goals, evidence: [], reflections: [], attachments: [], questions: [] }
	);

const reply: ShareResponse = {
	kind: 'feedback',
	id: 'f1',
	itemId: 'g2',
	parentId: null,
	author: 'Kim',
	role: 'coach',
	text: 'Good start',
	createdAt: '2026-02-01T00:00:00Z'
};

/** Two documents that exchange every update, as two peers would. */
function peers() {
	const learner = new Y.Doc();
	const coach = new Y.Doc();
	learner.on(
		'update',
		(u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(coach, u, 'remote')
	);
	coach.on(
		'update',
		(u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(learner, u, 'remote')
	);
	return { learner, coach };
}

describe('share document', () => {
	it('carries the learner’s content to the coach and responses back', () => {
		const { learner, coach } = peers();
		writeContent([learner], meta, items(['g1', 'g2']));
		expect(readContent([coach])?.items.map((i) => i.id)).toEqual(['g1', 'g2']);
		writeContent([learner], meta, items(['g2']));
		expect(readContent([coach])?.items.map((i) => i.id)).toEqual(['g2']);

		addResponse(coach, reply);
		expect(readResponses(learner).map((r) => r.id)).toEqual(['f1']);
	});

	it('tells foreign content changes apart, so the learner can overwrite them', () => {
		const { learner, coach } = peers();
		const changes: string[] = [];
		observeDoc(learner, ({ parts, foreign }) => changes.push(`${[...parts].join('+')}:${foreign}`));
		writeContent([learner], meta, items(['g1']));
		coach.getMap('content').set('g1', { kind: 'goal', id: 'g1', title: 'Hijacked' });
		// One call per transaction: the learner's write is one, the hostile edit another.
		expect(changes).toEqual(['meta+content:false', 'content:true']);
		// The learner rewrites from its own records: the hostile edit is gone.
		writeContent([learner], meta, items(['g1']));
		expect(readContent([coach])?.items).toMatchObject([{ id: 'g1', title: 'One' }]);
	});

	it('overwrites a hostile edit even when the learner writes the very same items again', () => {
		const { learner, coach } = peers();
		const same = items(['g1', 'g2']);
		writeContent([learner], meta, same);
		coach.getMap('content').set('g1', { kind: 'goal', id: 'g1', title: 'Hijacked' });
		writeContent([learner], meta, same);
		expect(readContent([coach])?.items).toMatchObject([{ title: 'One' }, { title: 'Two' }]);
	});

	it('reads a first sync once, and after an edit reads only the changed item anew', () => {
		const learner = new Y.Doc();
		writeContent([learner], meta, items(['g1', 'g2']));
		const coach = new Y.Doc();
		let reads = 0;
		observeDoc(coach, () => reads++);
		Y.applyUpdate(coach, Y.encodeStateAsUpdate(learner));
		expect(reads).toBe(1);
		const before = readContent([coach])!.items;

		const edited = items(['g1', 'g2']).map((i) =>
			i.id === 'g2' ? { ...i, title: 'Two, edited' } : i
		);
		const vector = Y.encodeStateVector(coach);
		writeContent([learner], meta, edited);
		Y.applyUpdate(coach, Y.encodeStateAsUpdate(learner, vector));
		const after = readContent([coach])!.items;
		expect(after).toMatchObject([{ title: 'One' }, { title: 'Two, edited' }]);
		expect(after[0]).toBe(before[0]);
		expect(reads).toBe(2);
	});

	it('keeps each item as its JSON text, and reads the values an earlier version wrote', () => {
		const learner = new Y.Doc();
		const shared = items(['g1', 'g2']);
		writeContent([learner], meta, shared);
		const entries = learner.getMap<unknown>('content');
		expect(entries.get('g1')).toBe(JSON.stringify(shared[0]));
		// A document an earlier version wrote: items as values, and one entry of each form.
		const earlier = new Y.Doc();
		writeContent([earlier], meta, shared);
		earlier.getMap('content').set('g1', shared[0]);
		expect(readContent([earlier])?.items).toEqual(shared);
		// Writing again turns the value into text, and reading keeps the same items.
		writeContent([earlier], meta, shared);
		expect(earlier.getMap('content').get('g1')).toBe(JSON.stringify(shared[0]));
		expect(readContent([earlier])?.items).toEqual(shared);
		// Text that is no JSON, or JSON that is no item, is left out.
		earlier.getMap('content').set('g1', '{"kind":"goal",');
		earlier.getMap('content').set('g2', JSON.stringify({ kind: 'goal', id: 'g2', title: 7 }));
		expect(readContent([earlier])?.items).toEqual([]);
	});

	it('makes a first sync a reader accepts from a share of LIVE_SAFE_BYTES of text', () => {
		const evidence = Array.from({ length: 420 }, (_, i) =>
			makeEvidence({ id: `e${i}`, goalIds: ['g1'], body: `Paragraph ${i}. `.repeat(700) })
		);
		const shared = projectItems(
			{ kind: 'goals', goalIds: ['g1'] },
			{ goals, evidence, reflections: [], attachments: [], questions: [] }
		);
		const textBytes = new TextEncoder().encode(JSON.stringify(shared)).length;
		expect(textBytes).toBeGreaterThan(LIVE_SAFE_BYTES);
		const learner = new Y.Doc();
		writeContent([learner], meta, shared);
		expect(Y.encodeStateAsUpdate(learner).length).toBeLessThan(MAX_SYNC_MESSAGE_BYTES / 1.5);
	});

	it('ignores invalid entries written by a peer', () => {
		const { learner, coach } = peers();
		writeContent([learner], meta, items(['g1']));
		coach.getMap('content').set('evil', { kind: 'goal', id: 'evil', title: 42 });
		coach.getMap('responses').set('bad', { kind: 'feedback', id: 'bad', text: 'x'.repeat(30_000) });
		expect(readContent([learner])?.items.map((i) => i.id)).toEqual(['g1']);
		expect(readResponses(learner)).toEqual([]);
		coach.getMap('meta').set('version', 99);
		expect(readContent([learner])).toBeNull();
	});

	it('splits a large share over pages that each stay under the message limit', () => {
		const many = Array.from({ length: 1_000 }, (_, i) =>
			makeGoal({ id: `g${i}`, title: `Goal ${i}`, description: 'x'.repeat(500) })
		);
		const all = projectItems(
			{ kind: 'all' },
			{ goals: many, evidence: [], reflections: [], attachments: [], questions: [] }
		);
		const pages = pagesNeeded(all);
		expect(pages).toBeGreaterThan(1);
		const learner = Array.from({ length: pages }, () => new Y.Doc());
		writeContent(learner, meta, all);
		expect(readPageCount(learner[0]!)).toBe(pages);
		for (const doc of learner)
			expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(256 * 1024);
		// A reader with every page sees every item; with the first page only, a part.
		const coach = learner.map((doc) => {
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
			return copy;
		});
		expect(readContent(coach)?.items).toHaveLength(1_000);
		expect(readContent([coach[0]!])?.items.length).toBeLessThan(1_000);
		// A hostile page count is capped.
		coach[0]!.getMap('layout').set('pages', 10_000);
		expect(readPageCount(coach[0]!)).toBe(MAX_PAGES);
	});
});

describe('reading responses', () => {
	/** A valid response (the one above, renamed and redated). */
	const feedback = (id: string, createdAt: string) => ({ ...reply, id, createdAt });

	it('keeps what validResponses keeps, and reads a replaced entry anew', () => {
		const doc = new Y.Doc();
		const responses = doc.getMap<unknown>('responses');
		responses.set('late', feedback('f1', '2026-02-01T00:00:00Z'));
		responses.set('bad', { kind: 'feedback', id: 'f2' });
		responses.set('early', feedback('f0', '2026-01-01T00:00:00Z'));
		responses.set('again', feedback('f1', '2026-03-01T00:00:00Z'));
		const expected = () => validResponses([...responses.values()]);
		expect(readResponses(doc).map((r) => r.id)).toEqual(['f0', 'f1']);
		expect(readResponses(doc)).toEqual(expected());
		// The invalid entry is replaced by a valid one: it counts from now on.
		responses.set('bad', feedback('f2', '2026-01-15T00:00:00Z'));
		expect(readResponses(doc).map((r) => r.id)).toEqual(['f0', 'f2', 'f1']);
		expect(readResponses(doc)).toEqual(expected());
	});
});
