import { beforeEach, describe, expect, it, vi } from 'vitest';
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
	unreadCounts,
	watchShareSource
} from './shares';
import type { ShareSource } from '$lib/domain/share/projection';
import { makeEvidence, makeGoal } from '$lib/testing/factories';
import type { ShareResponse } from '$lib/domain/share/responses';
import { createIdentity } from '$lib/domain/identity/keys';
import { signResponse } from '$lib/domain/share/response-signature';

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

describe('what a share is projected from', () => {
	it('reads only the changed table again and keeps the arrays of the others', async () => {
		await db.goals.put(makeGoal({ id: 'g1' }));
		const seen: ShareSource[] = [];
		const stop = watchShareSource({ next: (source) => seen.push(source) });
		await vi.waitFor(() => expect(seen).toHaveLength(1));
		expect(seen[0]!.goals.map((goal) => goal.id)).toEqual(['g1']);
		expect(seen[0]!.evidence).toEqual([]);

		await db.evidence.put(makeEvidence({ id: 'e1', goalIds: ['g1'] }));
		await vi.waitFor(() => expect(seen.at(-1)!.evidence.map((e) => e.id)).toEqual(['e1']));
		const [first, last] = [seen[0]!, seen.at(-1)!];
		// The other tables were not read again: the very same arrays.
		expect(last.goals).toBe(first.goals);
		expect(last.peActivities).toBe(first.peActivities);
		expect(last.evidence).not.toBe(first.evidence);
		stop();
	});
});

describe('signed responses', () => {
	it('keeps the pin of a coach across imports, and stores nothing forged', async () => {
		const coach = await createIdentity();
		const impostor = await createIdentity();
		expect(await importResponses('s1', [await signResponse(coach, 's1', feedback('a'))])).toBe(1);
		// Later, under the same name: the pinned key is believed, another key is not theirs.
		const later = await signResponse(coach, 's1', feedback('bb'));
		const other = await signResponse(impostor, 's1', feedback('ccc'));
		const forged = { ...(await signResponse(coach, 's1', feedback('dddd'))), text: 'Changed' };
		expect(await importResponses('s1', [later, other, forged])).toBe(2);
		const stored = await db.responses.orderBy('id').toArray();
		expect(stored.map((r) => [r.id, r.trust])).toEqual([
			['a', 'signed'],
			['bb', 'signed'],
			['ccc', 'otherKey']
		]);
		// The signature stays with the response: the learner can show it later.
		expect(stored[0]!.signature?.signer.publicRaw).toBe(coach.publicRaw);
	});
});
