import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { metric, nodesAndClients } from './testing.js';

const { node, client, cleanup } = nodesAndClients();
afterEach(cleanup);

const TURN = {
	turnSecret: 'test-secret-of-coturn',
	turnUrls: ['turn:127.0.0.1:3480?transport=udp', 'turn:127.0.0.1:3480?transport=tcp'],
	turnTtl: 600
};

/** Checks credentials the way coturn does with use-auth-secret. @param {any} body */
function expectValidTurn(body, now = Date.now()) {
	expect(body.ttl).toBe(600);
	const [server] = body.iceServers;
	expect(server.urls).toEqual(TURN.turnUrls);
	const [expiry, random] = server.username.split(':');
	expect(Number(expiry)).toBeGreaterThan(now / 1000 + 590);
	expect(Number(expiry)).toBeLessThan(now / 1000 + 610);
	expect(random).toMatch(/^[\w-]{8,}$/);
	const expected = createHmac('sha1', TURN.turnSecret).update(server.username).digest('base64');
	expect(server.credential).toBe(expected);
}

describe('HTTP endpoints', { timeout: 30_000 }, () => {
	it('GET /healthz answers 200 while the node serves', async () => {
		const server = await node();
		const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('ok\n');
	});

	it('GET /metrics counts connections, topics, relayed and dropped messages', async () => {
		const server = await node();
		const a = await client(server.port);
		const b = await client(server.port);
		a.send({ type: 'subscribe', topics: ['r1', 'r2'] });
		b.send({ type: 'subscribe', topics: ['r1'] });
		await Promise.all([a.roundTrip(), b.roundTrip()]);
		a.send({ type: 'publish', topic: 'r1', data: 'sealed' });
		await b.until((r) => r.some((m) => m.type === 'publish'));
		await a.until((r) => r.some((m) => m.type === 'publish'));
		a.send('garbage');
		await a.roundTrip();
		const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		const text = await response.text();
		expect(text).toContain('# TYPE koers_signaling_connections gauge');
		expect(metric(text, 'koers_signaling_connections')).toBe(2);
		expect(metric(text, 'koers_signaling_topics')).toBe(2);
		expect(metric(text, 'koers_signaling_published_total')).toBe(1);
		expect(metric(text, 'koers_signaling_relayed_total')).toBe(2);
		expect(metric(text, 'koers_signaling_dropped_total{reason="malformed"}')).toBe(1);
		expect(metric(text, 'koers_signaling_dropped_total{reason="rate"}')).toBe(0);
		// No Redis configured: no Redis gauge.
		expect(metric(text, 'koers_signaling_redis_up')).toBeUndefined();
		// Every sample line is `name{labels} number`.
		for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
			expect(line).toMatch(/^[a-z_]+(\{reason="[a-z_]+"\})? \d+$/);
	});

	it('GET /turn hands out coturn REST credentials to allowed origins only', async () => {
		const server = await node({ ...TURN, allowedOrigins: ['https://koers.example'] });
		const url = `http://127.0.0.1:${server.port}/turn`;
		const allowed = await fetch(url, { headers: { Origin: 'https://koers.example' } });
		expect(allowed.status).toBe(200);
		expect(allowed.headers.get('access-control-allow-origin')).toBe('https://koers.example');
		expect(allowed.headers.get('cache-control')).toBe('no-store');
		expectValidTurn(await allowed.json());
		const foreign = await fetch(url, { headers: { Origin: 'https://evil.example' } });
		expect(foreign.status).toBe(403);
		expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
		// Each request gets its own username (nothing ties two peers together).
		const [one, two] = await Promise.all(
			[1, 2].map(async () => (await (await fetch(url)).json()).iceServers[0].username)
		);
		expect(one).not.toBe(two);
	});

	it('a {type:"turn"} message gets the same credentials over the WebSocket', async () => {
		const server = await node(TURN);
		const a = await client(server.port);
		a.send({ type: 'turn' });
		const [message] = await a.until((r) => r.length > 0);
		expect(message.type).toBe('turn');
		expectValidTurn(message);
	});

	it('without TURN configured, /turn is 404 and a turn message gets no answer', async () => {
		const server = await node();
		expect((await fetch(`http://127.0.0.1:${server.port}/turn`)).status).toBe(404);
		const a = await client(server.port);
		a.send({ type: 'turn' });
		await a.roundTrip();
		expect(a.received).toEqual([{ type: 'pong' }]);
	});
});

describe('configuration from the environment', () => {
	it('reads every setting, and refuses a wrong value by naming the variable', () => {
		const config = readConfig({
			SIGNALING_PORT: '4501',
			HOST: '0.0.0.0',
			REDIS_URL: 'redis://127.0.0.1:6390',
			ALLOWED_ORIGINS: 'https://koers.example, https://school.example',
			MAX_TOPICS: '10',
			MESSAGES_PER_SECOND: '20',
			TURN_SECRET: 's',
			TURN_URLS: 'turn:turn.example:3478',
			LOG: 'quiet'
		});
		expect(config).toMatchObject({
			port: 4501,
			host: '0.0.0.0',
			redisUrl: 'redis://127.0.0.1:6390',
			allowedOrigins: ['https://koers.example', 'https://school.example'],
			maxTopics: 10,
			messagesPerSecond: 20,
			maxMessageBytes: 256 * 1024,
			turnUrls: ['turn:turn.example:3478'],
			log: false
		});
		expect(() => readConfig({ SIGNALING_PORT: 'x' })).toThrow(/SIGNALING_PORT/);
		expect(() => readConfig({ MAX_TOPICS: '0' })).toThrow(/MAX_TOPICS/);
		expect(() => readConfig({ ALLOWED_ORIGINS: 'koers.example' })).toThrow(/ALLOWED_ORIGINS/);
		expect(() => readConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
		expect(() => readConfig({ TURN_SECRET: 's' })).toThrow(/TURN_URLS/);
	});
});
