import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startSignalingServer } from '../../../../signaling/server.js';
import { openRoom, type Room } from './room';
import type { WebSocketFactory } from './signaling';

const Socket = WebSocket as unknown as WebSocketFactory;
const SECRET = 'A'.repeat(43);
const until = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 50 });

const stops: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
	for (const stop of stops.splice(0).reverse()) await stop();
});

/** A room on the given signaling URLs, with every 'reachable' event it emits. */
async function room(urls: string[]) {
	const opened: Room = await openRoom({
		room: 'reachable-room',
		secret: SECRET,
		signaling: urls,
		WebSocket: Socket
	});
	const events: boolean[] = [];
	opened.on('reachable', (value) => events.push(value));
	stops.push(() => opened.close());
	return { room: opened, events };
}

describe('a room says whether peers can find it', () => {
	it(
		'is reachable once a server relays it, not while it is lost, and again once back',
		{
			timeout: 60_000
		},
		async () => {
			// A fixed port (this suite's): the server must come back on the same address.
			let server = await startSignalingServer({ port: 4543 });
			stops.push(() => server.close());
			const { room: opened, events } = await room(['ws://127.0.0.1:4543']);
			expect(opened.reachable).toBe(false);
			await until(() => expect(opened.reachable).toBe(true));

			await server.close();
			await until(() => expect(opened.reachable).toBe(false));

			server = await startSignalingServer({ port: 4543 });
			await until(() => expect(opened.reachable).toBe(true));
			expect(events).toEqual([true, false, true]);
		}
	);

	it(
		'is not reachable through a server that takes the subscription but relays nothing',
		{
			timeout: 60_000
		},
		async () => {
			const relaying = await startSignalingServer({ port: 0 });
			stops.push(() => relaying.close());
			const silent = new WebSocketServer({ port: 0, host: '127.0.0.1' });
			stops.push(() => new Promise((resolve) => silent.close(resolve)));
			const heard: string[] = [];
			silent.on('connection', (socket) =>
				socket.on('message', (data) => heard.push(JSON.parse(data.toString()).type))
			);
			await new Promise((resolve) => silent.once('listening', resolve));
			const port = (silent.address() as { port: number }).port;

			const { room: opened } = await room([`ws://127.0.0.1:${port}`]);
			// Positive control: the room subscribed and announced itself on the silent server.
			await until(() => expect(heard).toEqual(expect.arrayContaining(['subscribe', 'publish'])));
			expect(opened.reachable).toBe(false);

			// The same room on a relaying server beside it: reachable through that one.
			const both = await room([`ws://127.0.0.1:${port}`, `ws://127.0.0.1:${relaying.port}`]);
			await until(() => expect(both.room.reachable).toBe(true));
			expect(opened.reachable).toBe(false);
		}
	);
});
