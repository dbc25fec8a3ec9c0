import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startSignalingServer } from '../../../../signaling/server.js';
import { openConnections, subscribe, type WebSocketFactory } from './signaling';

const Socket = WebSocket as unknown as WebSocketFactory;
type Server = Awaited<ReturnType<typeof startSignalingServer>>;
const servers: Server[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
});

/** A page that subscribes to `topic` on every server, as a room does with several URLs. */
function page(name: string, ports: number[], topic = 'room') {
	const heard: unknown[] = [];
	const handlers = { message: vi.fn((data: unknown) => heard.push(data)), connected: vi.fn() };
	const subscriptions = ports.map((port) =>
		subscribe(`ws://127.0.0.1:${port}/${name}`, topic, handlers, Socket)
	);
	return {
		heard,
		handlers,
		publish: (data: string) => subscriptions.forEach((s) => s.publish(data)),
		close: () => subscriptions.forEach((s) => s.close())
	};
}

const until = (check: () => void, timeout = 15_000) => vi.waitFor(check, { timeout });

describe('signaling client with several servers', () => {
	it(
		'carries on through the others when one dies, and takes it back when it returns',
		{
			timeout: 60_000
		},
		async () => {
			const a = await startSignalingServer({ port: 0 });
			const b = await startSignalingServer({ port: 0 });
			servers.push(a, b);
			const one = page('one', [a.port, b.port]);
			const two = page('two', [a.port, b.port]);
			await until(() => expect(one.handlers.connected).toHaveBeenCalledTimes(2));
			await until(() => expect(two.handlers.connected).toHaveBeenCalledTimes(2));
			one.publish('both up');
			// Positive control: it arrives through each server.
			await until(() => expect(two.heard.filter((m) => m === 'both up')).toHaveLength(2));

			// Server A dies: the message still arrives, through B.
			const port = a.port;
			await a.close();
			servers.splice(servers.indexOf(a), 1);
			one.publish('A down');
			await until(() => expect(two.heard).toContain('A down'));
			expect(two.heard.filter((m) => m === 'A down')).toHaveLength(1);

			// A comes back on its address: both pages reconnect and subscribe again by themselves.
			const again = await startSignalingServer({ port });
			servers.push(again);
			await until(() => expect(one.handlers.connected).toHaveBeenCalledTimes(3));
			await until(() => expect(two.handlers.connected).toHaveBeenCalledTimes(3));
			await until(() => expect(again.topicCount()).toBe(1));
			one.publish('A back');
			await until(() => expect(two.heard.filter((m) => m === 'A back')).toHaveLength(2));
			one.close();
			two.close();
			await until(() => expect(openConnections()).toBe(0));
		}
	);
});
