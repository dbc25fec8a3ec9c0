import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SHARE_CONTENT_VERSION, type ShareMeta } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import { readContent, readResponses, writeContent } from './share-doc';
import { makeGoal } from '$lib/testing/factories';

const meta: ShareMeta = {
	version: SHARE_CONTENT_VERSION,
	shareId: 's1',
	title: 'T',
	owner: 'O',
	publishedAt: ''
};

describe('a peer that writes one id under two keys', () => {
	it('shows the item once', () => {
		const doc = new Y.Doc();
		const [goal] = projectItems(
			{ kind: 'all' },
			{
				goals: [makeGoal({ id: 'g1' })],
				evidence: [],
				reflections: [],
				attachments: [],
				questions: []
			}
		);
		writeContent([doc], meta, [goal!]);
		doc.getMap('content').set('other-key', { ...goal, title: 'Twin' });
		expect(readContent([doc])!.items.map((i) => i.id)).toEqual(['g1']);
	});

	it('reads a response written under two keys once', () => {
		const doc = new Y.Doc();
		const response = {
			kind: 'feedback',
			id: 'r1',
			itemId: 'g1',
			parentId: null,
			author: 'Coach',
			role: '',
			text: 'Fine',
			createdAt: '2026-01-01'
		};
		doc.getMap('responses').set('r1', response);
		doc.getMap('responses').set('r2', response);
		expect(readResponses(doc).map((r) => r.id)).toEqual(['r1']);
	});
});
