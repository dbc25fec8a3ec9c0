import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './koers-db';
import {
	addOwnFeedback,
	createShare,
	myReplies,
	OWN_NOTES,
	deleteShare,
	importResponses,
	markResponsesRead,
	responsesOf,
	unreadCounts
} from './shares';
import type { ShareResponse } from '$lib/domain/share/responses';

const feedback = (id: string): ShareResponse => ({
	kind: 'feedback',
	id,
	itemId: 'g1',
	parentId: null,
	author: 'Kim',
	role: '',
	text: `Feedback ${id}`,
	createdAt: `2026-01-0${id.length}T00:00:00Z`
});

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('shares and their responses', () => {
	it('imports responses idempotently and tracks what is unread', async () => {
		const share = await createShare({
			title: 'Mentor',
			owner: 'Sam',
			selection: { kind: 'all' },
			expiresAt: null,
			room: 'room-1234567890abcd',
			secret: 'a'.repeat(43)
		});
		expect(await importResponses(share.id, [feedback('a'), feedback('bb')])).toBe(2);
		expect(await importResponses(share.id, [feedback('a'), feedback('bb'), feedback('ccc')])).toBe(
			1
		);
		expect((await responsesOf(share.id)).map((r) => r.id)).toEqual(['a', 'bb', 'ccc']);
		expect((await unreadCounts()).get(share.id)).toBe(3);
		await markResponsesRead(share.id);
		expect((await unreadCounts()).get(share.id)).toBeUndefined();
		await deleteShare(share.id);
		expect(await db.responses.count()).toBe(0);
	});

	it('keeps own notes on this device and sends replies back through the coach’s share', async () => {
		const share = await createShare({
			title: 'For Kim',
			owner: 'Sam',
			selection: { kind: 'all' },
			expiresAt: null,
			room: 'room-1234567890abcd',
			secret: 'a'.repeat(43)
		});
		await importResponses(share.id, [feedback('f1')]);
		await addOwnFeedback({
			itemId: 'g1',
			text: 'Slow down here',
			parentId: null,
			at: 12.34,
			me: 'Me'
		});
		await addOwnFeedback({ itemId: 'g1', text: 'Thanks!', parentId: 'f1', me: 'Me' });
		const all = await db.responses.toArray();
		const note = all.find((r) => r.kind === 'feedback' && r.text === 'Slow down here');
		expect(note).toMatchObject({ shareId: OWN_NOTES, author: 'Me', at: 12.3, mine: true });
		expect(await myReplies()).toEqual([
			expect.objectContaining({ text: 'Thanks!', parentId: 'f1', author: 'Sam', shareId: share.id })
		]);
		// Own words are never unread, and empty ones are refused before anything is written.
		expect((await unreadCounts()).get(share.id)).toBe(1);
		await expect(
			addOwnFeedback({ itemId: 'g1', text: '   ', parentId: null, me: 'Me' })
		).rejects.toThrow();
		expect(await db.responses.count()).toBe(3);
	});
});
