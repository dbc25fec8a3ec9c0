import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startSignalingServer } from '../../../../signaling/server.js';
import { openConnections, subscribe, type WebSocketFactory } from './signaling';

const Socket = WebSocket as unknown as WebSocketFactory;
let server: Awaited<ReturnType<typeof startSignalingServer>>;

beforeEach(async () => {
	server = await startSignalingServer({ port: 0 });
});
afterEach(async () => {
	await server.close();
});

/** A subscriber that records what it hears; `page` picks its own connection (URL path). */
function listener(page: string, topic = 'room') {
	const heard: unknown[] = [];
	const handlers = { message: vi.fn((data: unknown) => heard.push(data)), connected: vi.fn() };
	const url = `ws://127.0.0.1:${server.port}/${page}`;
	const subscription = subscribe(url, topic, handlers, Socket);
	return { heard, handlers, subscription };
}

/** Waits long enough for a busy machine (two cores shared by several test runs). */
const until = (check: () => void, timeout = 10_000) => vi.waitFor(check, { timeout });

/**
 * Publishes `text` until `to` hears it: another page's subscribe travels on its own connection
 * and may reach the server a moment after this page's publish (the protocol has no order across
 * connections; rooms cope by announcing on both sides).
 */
const reaches = (
	from: ReturnType<typeof listener>,
	to: ReturnType<typeof listener>,
	text: string
) =>
	vi.waitFor(
		() => {
			from.subscription.publish(text);
			expect(to.heard).toContain(text);
		},
		{ timeout: 10_000, interval: 200 }
	);

describe('signaling client', () => {
	it('subscribes, publishes to the topic and hears the others', { timeout: 30_000 }, async () => {
		const a = listener('a');
		const b = listener('b');
		await until(() => expect(a.handlers.connected).toHaveBeenCalledOnce());
		await until(() => expect(b.handlers.connected).toHaveBeenCalledOnce());
		await reaches(a, b, 'hello');
		expect(new Set(b.heard)).toEqual(new Set(['hello']));
		a.subscription.close();
		b.subscription.close();
	});

	it(
		'unsubscribes on close and never sends for a closed subscription again',
		{
			timeout: 60_000
		},
		async () => {
			const a = listener('a');
			const b = listener('b');
			const c = listener('c');
			await until(() => expect(b.handlers.connected).toHaveBeenCalled());
			await until(() => expect(c.handlers.connected).toHaveBeenCalled());
			b.subscription.close();
			b.subscription.publish('after close');
			await reaches(a, c, 'to whoever is left');
			expect(new Set(c.heard)).toEqual(new Set(['to whoever is left']));
			expect(b.heard).toEqual([]);
			// The server goes down and comes back: the open ones subscribe again, the closed one not.
			const port = server.port;
			await server.close();
			server = await startSignalingServer({ port });
			await until(() => expect(a.handlers.connected).toHaveBeenCalledTimes(2));
			await until(() => expect(c.handlers.connected).toHaveBeenCalledTimes(2));
			expect(b.handlers.connected).toHaveBeenCalledOnce();
			await reaches(a, c, 'again');
			expect(new Set(c.heard)).toEqual(new Set(['to whoever is left', 'again']));
			expect(b.heard).toEqual([]);
			a.subscription.close();
			c.subscription.close();
			await until(() => expect(server.topicCount()).toBe(0));
			await until(() => expect(openConnections()).toBe(0));
		}
	);
});
