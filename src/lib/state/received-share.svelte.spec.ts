import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARE_CONTENT_VERSION } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import { writeContent } from '$lib/sync/share-doc';
import type { LiveConnection } from '$lib/sync/live';
import { makeGoal } from '$lib/testing/factories';
import { until } from '$lib/testing/state.svelte';
import { ReceivedShare } from './received-share.svelte';

/** A live connection whose peer count the test sets, telling listeners as the room does. */
function connectionTo(doc: Y.Doc) {
	let count = 0;
	const listeners = new Set<(count: number) => void>();
	const connection = {
		doc,
		peerCount: () => count,
		onPeers(listener: (count: number) => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		onRefused: () => () => {},
		close() {}
	} as unknown as LiveConnection;
	const setPeers = (next: number) => {
		count = next;
		listeners.forEach((listener) => listener(next));
	};
	return { connection, setPeers };
}

describe('a live share as the coach reads it', () => {
	it('counts a learner met before the view started listening, then follows each change', async () => {
		const doc = new Y.Doc();
		writeContent(
			[doc],
			{
				version: SHARE_CONTENT_VERSION,
				shareId: 's1',
				title: 'For my mentor',
				owner: 'Sam',
				publishedAt: '2026-12-01T10:00:00Z'
			},
			projectItems(
				{ kind: 'goals', goalIds: ['g1'] },
				{
					goals: [makeGoal({ id: 'g1', title: 'Lead' })],
					evidence: [],
					reflections: [],
					attachments: [],
					questions: []
				}
			)
		);
		const { connection, setPeers } = connectionTo(doc);
		// The learner is met (and the content is in) before anything reads the view.
		setPeers(1);
		const view = new ReceivedShare('room', {
			connection,
			openPage: () => Promise.reject(new Error('one page'))
		});
		await until(() => view.content, Boolean);
		expect(view.peers).toBe(1);
		setPeers(0);
		expect(view.peers).toBe(0);
		view.close();
	});
});
