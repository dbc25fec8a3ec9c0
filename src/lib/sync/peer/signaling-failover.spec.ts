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
	return { heard, handlers, subscriptions };
}

const until = (check: () => void, timeout = 15_000) =>
	vi.waitFor(check, { timeout, interval: 200 });

/**
 * Publishes `text` through one server until `to` hears it (a subscribe on another connection
 * may reach the server a moment after this page's publish).
 */
const reaches = (from: ReturnType<typeof page>, server: number, to: ReturnType<typeof page>) => {
	const text = `via ${server} ${Math.random()}`;
	return until(() => {
		from.subscriptions[server]!.publish(text);
		expect(to.heard).toContain(text);
	});
};

describe('signaling client with several servers', () => {
	it(
		'carries on through the others when one dies, and takes it back when it returns',
		{
			timeout: 90_000
		},
		async () => {
			// Fixed ports (this suite's, below the ephemeral range): A must get its address back, and
			// no other spec's server may take it while A is down.
			const a = await startSignalingServer({ port: 4540 });
			const b = await startSignalingServer({ port: 4541 });
			servers.push(a, b);
			const one = page('one', [a.port, b.port]);
			const two = page('two', [a.port, b.port]);
			await until(() => expect(one.handlers.connected).toHaveBeenCalledTimes(2));
			await until(() => expect(two.handlers.connected).toHaveBeenCalledTimes(2));
			// Positive control: each server relays.
			await reaches(one, 0, two);
			await reaches(one, 1, two);

			// Server A dies: a message published on both still arrives, through B.
			await a.close();
			servers.splice(servers.indexOf(a), 1);
			for (const subscription of one.subscriptions) subscription.publish('A down');
			await until(() => expect(two.heard).toContain('A down'));
			expect(two.heard.filter((m) => m === 'A down')).toHaveLength(1);

			// A comes back on its address: both pages reconnect and subscribe again by themselves.
			servers.push(await startSignalingServer({ port: 4540 }));
			await until(() => expect(one.handlers.connected).toHaveBeenCalledTimes(3));
			await until(() => expect(two.handlers.connected).toHaveBeenCalledTimes(3));
			await reaches(one, 0, two);
			for (const subscription of [...one.subscriptions, ...two.subscriptions]) subscription.close();
			await until(() => expect(openConnections()).toBe(0));
		}
	);
});
