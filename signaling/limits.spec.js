import { afterEach, describe, expect, it } from 'vitest';
import { addressKey, CLOSE } from './server.js';
import { metric, metricsOf, nodesAndClients } from './testing.js';

const { node, client, cleanup } = nodesAndClients();
afterEach(cleanup);

describe(
	'signaling limits: each closes with its own code, and the node serves on',
	{ timeout: 30_000 },
	() => {
		it('a frame over the size limit: 1009', async () => {
			const server = await node({ maxMessageBytes: 4096 });
			const a = await client(server.port);
			// A positive control first: a frame just under the limit is relayed.
			a.send({ type: 'subscribe', topics: ['t'] });
			a.send({ type: 'publish', topic: 't', data: 'x'.repeat(4000) });
			await a.until((r) => r.some((m) => m.type === 'publish'));
			a.send({ type: 'publish', topic: 't', data: 'x'.repeat(5000) });
			expect(await a.closed()).toBe(CLOSE.TOO_BIG);
			const text = await metricsOf(server.port);
			expect(metric(text, 'koers_signaling_dropped_total{reason="too_big"}')).toBe(1);
			await (await client(server.port)).roundTrip();
		});

		it('more topics than allowed on one connection: 4001', async () => {
			const server = await node({ maxTopics: 3 });
			const a = await client(server.port);
			a.send({ type: 'subscribe', topics: ['a', 'b', 'c'] });
			await a.roundTrip();
			expect(server.topicCount()).toBe(3);
			// Leaving one and taking another stays within the limit.
			a.send({ type: 'unsubscribe', topics: ['c'] });
			a.send({ type: 'subscribe', topics: ['d'] });
			await a.roundTrip();
			a.send({ type: 'subscribe', topics: ['e'] });
			expect(await a.closed()).toBe(CLOSE.TOO_MANY_TOPICS);
			await expect.poll(() => server.topicCount()).toBe(0);
			const text = await metricsOf(server.port);
			expect(metric(text, 'koers_signaling_closed_total{reason="topics"}')).toBe(1);
		});

		it('more connections from one address than allowed: 4004, and a slot frees on close', async () => {
			const server = await node({ maxConnectionsPerIp: 2 });
			const a = await client(server.port);
			const b = await client(server.port);
			await Promise.all([a.roundTrip(), b.roundTrip()]);
			const c = await client(server.port);
			expect(await c.closed()).toBe(CLOSE.PER_IP);
			a.socket.close();
			await a.closed();
			await expect.poll(() => server.connectionCount()).toBe(1);
			const d = await client(server.port);
			await d.roundTrip();
		});

		it('behind a trusted proxy, the limit is per forwarded address', async () => {
			const server = await node({ maxConnectionsPerIp: 1, trustProxy: true });
			const one = { headers: { 'X-Forwarded-For': '198.51.100.7' } };
			const two = { headers: { 'X-Forwarded-For': '203.0.113.9, 198.51.100.8' } };
			await (await client(server.port, one)).roundTrip();
			await (await client(server.port, two)).roundTrip();
			expect(await (await client(server.port, one)).closed()).toBe(CLOSE.PER_IP);
		});

		it('IPv6 addresses count by their /64: one host cannot take any number of slots', async () => {
			const server = await node({ maxConnectionsPerIp: 1, trustProxy: true });
			const from = (ip) => ({ headers: { 'X-Forwarded-For': ip } });
			await (await client(server.port, from('2001:db8:1:2::1'))).roundTrip();
			// Positive control: another /64 has a slot of its own.
			await (await client(server.port, from('2001:db8:1:3::1'))).roundTrip();
			const same = await client(server.port, from('2001:0db8:0001:0002:ffff:0:0:9'));
			expect(await same.closed()).toBe(CLOSE.PER_IP);
		});

		it('messages faster than the token bucket allows: 4002', async () => {
			const server = await node({ messagesPerSecond: 5, messageBurst: 20 });
			const a = await client(server.port);
			// The burst itself is fine...
			for (let i = 0; i < 18; i++) a.send({ type: 'ping' });
			await a.until((r) => r.length === 18);
			// ...a flood beyond it closes the connection.
			for (let i = 0; i < 30; i++) a.send({ type: 'ping' });
			expect(await a.closed()).toBe(CLOSE.RATE);
			expect(a.received.length).toBeLessThan(48);
			const text = await metricsOf(server.port);
			expect(metric(text, 'koers_signaling_closed_total{reason="rate"}')).toBe(1);
		});

		it('a connection that sends nothing for the idle timeout: 4005; one that pings stays', async () => {
			const server = await node({ idleTimeoutMs: 1000 });
			const quiet = await client(server.port);
			const busy = await client(server.port);
			const pinging = setInterval(() => busy.send({ type: 'ping' }), 200);
			try {
				expect(await quiet.closed()).toBe(CLOSE.IDLE);
				expect(busy.socket.readyState).toBe(1);
			} finally {
				clearInterval(pinging);
			}
		});

		it('a page from an origin not allowed: 4003; an allowed one and a non-browser client connect', async () => {
			const server = await node({ allowedOrigins: ['https://koers.example'] });
			await (
				await client(server.port, { headers: { Origin: 'https://koers.example' } })
			).roundTrip();
			await (await client(server.port)).roundTrip();
			const foreign = await client(server.port, { headers: { Origin: 'https://evil.example' } });
			expect(await foreign.closed()).toBe(CLOSE.ORIGIN);
		});

		it('a node holding its maximum of connections: 1013 (try another)', async () => {
			const server = await node({ maxConnections: 1 });
			await (await client(server.port)).roundTrip();
			expect(await (await client(server.port)).closed()).toBe(CLOSE.FULL);
		});
	}
);

describe('malformed frames', { timeout: 30_000 }, () => {
	it('are dropped and counted, never crash the node nor close the connection', async () => {
		const server = await node();
		const a = await client(server.port);
		const b = await client(server.port);
		b.send({ type: 'subscribe', topics: ['room'] });
		await b.roundTrip();
		const bad = [
			'not json',
			'{"type":"publish"',
			'null',
			'[1,2]',
			'42',
			'"text"',
			'{}',
			'{"type":"unknown"}',
			'{"type":"subscribe","topics":"room"}',
			'{"type":"subscribe","topics":[1,{},null]}',
			'{"type":"subscribe","topics":[""]}',
			`{"type":"subscribe","topics":["${'x'.repeat(300)}"]}`,
			JSON.stringify({
				type: 'subscribe',
				topics: Array.from({ length: 10_000 }, (_, i) => `t${i}`)
			}),
			JSON.stringify({ type: 'unsubscribe', topics: [[['deep']]] }),
			'{"type":"publish","topic":{"x":1},"data":1}',
			'{"type":"publish","topic":"room"}',
			'{"type":"__proto__","topics":["room"]}',
			'{"__proto__":{"type":"ping"}}'
		];
		for (const frame of bad) a.send(frame);
		a.socket.send(Buffer.from([1, 2, 3]));
		await a.roundTrip();
		// Nothing of it reached the subscriber, and the sender is still connected.
		a.send({ type: 'publish', topic: 'room', data: 'good' });
		await b.until((r) => r.some((m) => m.type === 'publish'));
		expect(b.received.filter((m) => m.type === 'publish').map((m) => m.data)).toEqual(['good']);
		expect(server.topicCount()).toBe(1);
		const text = await metricsOf(server.port);
		expect(metric(text, 'koers_signaling_dropped_total{reason="malformed"}')).toBe(bad.length);
		expect(metric(text, 'koers_signaling_dropped_total{reason="binary"}')).toBe(1);
		expect(a.socket.readyState).toBe(1);
	});
});

describe('the key a per-address limit counts by', () => {
	it('is the address for IPv4 and the /64 for IPv6, however it is written', () => {
		expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
		expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:0db8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
		expect(addressKey('unknown')).toBe('unknown');
	});
});
