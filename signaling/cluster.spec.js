// Two nodes on one real redis-server (loopback): one relay.
import { createClient } from '@redis/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { metric, metricsOf, nodesAndClients, startRedis, tryRedis } from './testing.js';

/** @type {Awaited<ReturnType<typeof startRedis>>} */
let redis;
const nodes = nodesAndClients();
const client = nodes.client;

beforeAll(async () => {
	redis = await startRedis();
});
afterAll(async () => {
	await redis?.stop();
});
afterEach(nodes.cleanup);

async function node(url = redis.url) {
	const started = await nodes.node({ redisUrl: url });
	await expect.poll(() => started.healthy(), { timeout: 10_000 }).toBe(true);
	return started;
}

/** The Redis channels some node subscribes to now. @param {string} url */
async function channels(url) {
	const admin = createClient({ url });
	await admin.connect();
	try {
		return (await admin.sendCommand(['PUBSUB', 'CHANNELS', 'koers:signal:*'])) ?? [];
	} finally {
		admin.destroy();
	}
}

const publishes = (/** @type {Record<string, any>[]} */ received) =>
	received.filter((m) => m.type === 'publish').map((m) => m.data);

describe('two nodes on Redis', { timeout: 60_000 }, () => {
	it('relay between each other’s clients, without echo to the sender’s node', async () => {
		const [a, b] = [await node(), await node()];
		const onA = await client(a.port);
		const onB = await client(b.port);
		const alsoB = await client(b.port);
		const elsewhere = await client(b.port);
		onA.send({ type: 'subscribe', topics: ['room'] });
		onB.send({ type: 'subscribe', topics: ['room'] });
		alsoB.send({ type: 'subscribe', topics: ['room'] });
		elsewhere.send({ type: 'subscribe', topics: ['other'] });
		await Promise.all([onA, onB, alsoB, elsewhere].map((c) => c.roundTrip()));
		await expect.poll(() => channels(redis.url)).toHaveLength(2);

		onA.send({ type: 'publish', topic: 'room', data: 'from A' });
		await onB.until((r) => publishes(r).length === 1);
		await alsoB.until((r) => publishes(r).length === 1);
		onB.send({ type: 'publish', topic: 'room', data: 'from B' });
		await onA.until((r) => publishes(r).length === 2);
		await alsoB.until((r) => publishes(r).length === 2);
		// Each message arrived once everywhere (a node does not deliver its own twice)...
		await Promise.all([onA, onB, alsoB, elsewhere].map((c) => c.roundTrip()));
		expect(publishes(onA.received)).toEqual(['from A', 'from B']);
		expect(publishes(onB.received)).toEqual(['from A', 'from B']);
		expect(publishes(alsoB.received)).toEqual(['from A', 'from B']);
		// ...and nowhere else.
		expect(publishes(elsewhere.received)).toEqual([]);
		const text = await metricsOf(b.port);
		expect(metric(text, 'koers_signaling_redis_up')).toBe(1);
		expect(metric(text, 'koers_signaling_redis_received_total')).toBe(1);
	});

	it('a node holds a topic’s Redis channel only while one of its clients does', async () => {
		const a = await node();
		const one = await client(a.port);
		const two = await client(a.port);
		one.send({ type: 'subscribe', topics: ['held'] });
		two.send({ type: 'subscribe', topics: ['held'] });
		await Promise.all([one.roundTrip(), two.roundTrip()]);
		await expect.poll(() => channels(redis.url)).toEqual(['koers:signal:held']);
		one.send({ type: 'unsubscribe', topics: ['held'] });
		await one.roundTrip();
		expect(await channels(redis.url)).toEqual(['koers:signal:held']);
		two.socket.close();
		await expect.poll(() => channels(redis.url)).toEqual([]);
	});

	it('when a node dies, its clients carry on through the other', async () => {
		const [a, b] = [await node(), await node()];
		const stays = await client(b.port);
		let moving = await client(a.port);
		stays.send({ type: 'subscribe', topics: ['room'] });
		moving.send({ type: 'subscribe', topics: ['room'] });
		await Promise.all([stays.roundTrip(), moving.roundTrip()]);
		moving.send({ type: 'publish', topic: 'room', data: 'before' });
		await stays.until((r) => publishes(r).includes('before'));

		// Node A stops; its client is told to go away and reconnects to B.
		await a.close();
		nodes.forget(a);
		expect(await moving.closed()).toBe(1001);
		moving = await client(b.port);
		moving.send({ type: 'subscribe', topics: ['room'] });
		await moving.roundTrip();
		moving.send({ type: 'publish', topic: 'room', data: 'after' });
		stays.send({ type: 'publish', topic: 'room', data: 'reply' });
		await stays.until((r) => publishes(r).includes('after'));
		await moving.until((r) => publishes(r).includes('reply'));
	});

	it('GET /healthz is 503 while Redis is down, 200 again once it is back', async () => {
		const own = await startRedis();
		/** @type {(() => Promise<void> | undefined)[]} */
		const stops = [() => own.stop()];
		try {
			const a = await node(own.url);
			const health = async () => (await fetch(`http://127.0.0.1:${a.port}/healthz`)).status;
			expect(await health()).toBe(200);
			const c = await client(a.port);
			await own.stop();
			await expect.poll(health, { timeout: 10_000 }).toBe(503);
			expect(await (await fetch(`http://127.0.0.1:${a.port}/healthz`)).text()).toBe(
				'redis unavailable\n'
			);
			// The node still relays its own clients meanwhile and does not crash on publish.
			c.send({ type: 'subscribe', topics: ['x'] });
			c.send({ type: 'publish', topic: 'x', data: 'local' });
			await c.until((r) => publishes(r).includes('local'));
			const text = await metricsOf(a.port);
			expect(metric(text, 'koers_signaling_redis_up')).toBe(0);
			expect(metric(text, 'koers_signaling_dropped_total{reason="redis"}')).toBe(1);
			// Redis comes back on its port: the node reconnects by itself.
			const again = await tryRedis(own.port);
			expect(again).not.toBeNull();
			stops.push(() => again?.stop());
			await expect.poll(health, { timeout: 20_000 }).toBe(200);
		} finally {
			for (const stop of stops) await stop();
		}
	});
});
