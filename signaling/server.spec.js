import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES, startSignalingServer } from './server.js';

/** @type {Awaited<ReturnType<typeof startSignalingServer>>} */
let server;
/** @type {WebSocket[]} */
const sockets = [];

beforeEach(async () => {
	server = await startSignalingServer({ port: 0 });
});
afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.terminate();
	await server.close();
});

/** A client that keeps every message it receives. */
async function client() {
	const socket = new WebSocket(`ws://127.0.0.1:${server.port}`);
	sockets.push(socket);
	/** @type {Record<string, unknown>[]} */
	const received = [];
	/** @type {(() => void)[]} */
	const waiters = [];
	socket.on('message', (data) => {
		received.push(JSON.parse(data.toString()));
		waiters.splice(0).forEach((wake) => wake());
	});
	await new Promise((resolve) => socket.once('open', resolve));
	/** @param {unknown} message */
	const send = (message) =>
		socket.send(typeof message === 'string' ? message : JSON.stringify(message));
	/** Resolves once `count` messages arrived in all. */
	/** @param {number} count */
	const until = async (count) => {
		while (received.length < count)
			await new Promise((wake) => waiters.push(() => wake(undefined)));
		return received;
	};
	return { socket, received, send, until };
}

/** Sends a ping and waits for its pong: everything sent before it has been handled. */
/** @param {Awaited<ReturnType<typeof client>>} c */
async function roundTrip(c) {
	const count = c.received.length;
	c.send({ type: 'ping' });
	await c.until(count + 1);
	expect(c.received.at(-1)).toEqual({ type: 'pong' });
}

describe('signaling server', () => {
	it('answers HTTP GET (the readiness check)', async () => {
		const response = await fetch(`http://127.0.0.1:${server.port}/`);
		expect(await response.text()).toBe('okay');
	});

	it('relays a publish to every subscriber of the topic, and only to them', async () => {
		const a = await client();
		const b = await client();
		const other = await client();
		a.send({ type: 'subscribe', topics: ['room1'] });
		b.send({ type: 'subscribe', topics: ['room1'] });
		other.send({ type: 'subscribe', topics: ['room2'] });
		await Promise.all([roundTrip(a), roundTrip(b), roundTrip(other)]);
		a.send({ type: 'publish', topic: 'room1', data: 'sealed-text' });
		const message = { type: 'publish', topic: 'room1', data: 'sealed-text', clients: 2 };
		expect((await b.until(2))[1]).toEqual(message);
		expect((await a.until(2))[1]).toEqual(message);
		await roundTrip(other);
		expect(other.received).toEqual([{ type: 'pong' }, { type: 'pong' }]);
	});

	it('stops relaying after unsubscribe and forgets topics of closed connections', async () => {
		const a = await client();
		const b = await client();
		a.send({ type: 'subscribe', topics: ['room1'] });
		b.send({ type: 'subscribe', topics: ['room1'] });
		await Promise.all([roundTrip(a), roundTrip(b)]);
		b.send({ type: 'unsubscribe', topics: ['room1'] });
		await roundTrip(b);
		a.send({ type: 'publish', topic: 'room1', data: 'x' });
		await a.until(2);
		await roundTrip(b);
		expect(b.received.filter((m) => m.type === 'publish')).toEqual([]);
		a.socket.close();
		await new Promise((resolve) => a.socket.once('close', resolve));
		await expect.poll(() => server.topicCount()).toBe(0);
	});

	it('survives malformed input and closes a connection that sends too much', async () => {
		const a = await client();
		for (const bad of [
			'not json',
			'null',
			'[1,2]',
			'42',
			'{"type":"subscribe","topics":"room1"}',
			'{"type":"subscribe","topics":[1,{},null]}',
			'{"type":"publish","topic":{"x":1},"data":1}',
			'{"type":"unknown"}'
		])
			a.send(bad);
		a.socket.send(Buffer.from([1, 2, 3]));
		await roundTrip(a);
		const closed = new Promise((resolve) => a.socket.once('close', resolve));
		a.send({ type: 'publish', topic: 'room1', data: 'x'.repeat(MAX_MESSAGE_BYTES + 1) });
		expect(await closed).toBe(1009);
		const b = await client();
		await roundTrip(b);
	});
});
