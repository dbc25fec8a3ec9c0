import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './koers-db';
import {
	createShare,
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
});
