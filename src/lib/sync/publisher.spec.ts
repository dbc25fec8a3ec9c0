import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { LiveConnection } from './live';
import { makeShare } from '$lib/testing/factories';

/** The latest value observer of each query the publisher watches, fed by the test. */
const observers = new Map<unknown, (value: unknown) => void>();
const closes: { room: string; options: { ended?: boolean } | undefined }[] = [];

vi.mock('$lib/db/live', () => ({
	watchQuery: (query: unknown, observer: { next: (value: unknown) => void }) => {
		observers.set(query, observer.next);
		return () => observers.delete(query);
	}
}));
vi.mock('$lib/db/shares', () => ({
	listShares: vi.fn(),
	watchShareSource: () => () => {},
	myReplies: vi.fn(),
	importResponses: vi.fn(async () => {})
}));
vi.mock('./sealed', () => ({ mediaKey: async () => ({}) }));
vi.mock('./media-transfer', () => ({ serveMedia: () => () => {} }));
vi.mock('./live', () => ({
	connectLive: async (room: string): Promise<Partial<LiveConnection>> => ({
		doc: new Y.Doc(),
		onPeers: () => () => {},
		onReachable: () => () => {},
		peerCount: () => 0,
		reachable: () => true,
		mediaChannels: () => [],
		onMediaChannel: () => () => {},
		close: (options) => void closes.push({ room, options })
	})
}));

const { listShares } = await import('$lib/db/shares');
const { Publisher } = await import('./publisher');

/** Lets the publisher's queued work (connecting, writing) run to its end. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('Publisher and expiry', () => {
	let publisher: InstanceType<typeof Publisher>;

	beforeEach(() => {
		vi.useFakeTimers({ now: new Date(2026, 11, 2, 23, 58) });
		closes.length = 0;
		publisher = new Publisher(() => {});
		publisher.start();
	});

	afterEach(() => {
		publisher.stop();
		vi.useRealTimers();
	});

	it('closes a share with "ended" at the moment it expires, not before', async () => {
		const tonight = makeShare({
			id: 'tonight',
			room: 'room-tonight-000000',
			expiresAt: '2026-12-02'
		});
		const later = makeShare({ id: 'later', room: 'room-later-00000000', expiresAt: '2026-12-03' });
		observers.get(listShares)?.([tonight, later]);
		await settle();

		await vi.advanceTimersByTimeAsync(2 * 60_000 - 1);
		expect(closes).toEqual([]);
		await vi.advanceTimersByTimeAsync(1);
		expect(closes).toEqual([{ room: tonight.room, options: { ended: true } }]);

		await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
		expect(closes).toEqual([
			{ room: tonight.room, options: { ended: true } },
			{ room: later.room, options: { ended: true } }
		]);
	});

	it('follows a changed expiry date, and stops waiting once stopped', async () => {
		const share = makeShare({ expiresAt: '2026-12-02' });
		observers.get(listShares)?.([share]);
		await settle();
		observers.get(listShares)?.([{ ...share, expiresAt: '2026-12-10' }]);
		await settle();
		await vi.advanceTimersByTimeAsync(5 * 60_000);
		expect(closes).toEqual([]);

		publisher.stop();
		expect(closes).toEqual([{ room: share.room, options: { ended: false } }]);
		expect(vi.getTimerCount()).toBe(0);
	});
});
