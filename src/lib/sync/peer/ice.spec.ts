import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSignalingServer } from '../../../../signaling/server.js';
import { acceptTurn, forgetTurn, parseTurn, relayServers, turnDue } from './ice';
import { subscribe, type WebSocketFactory } from './signaling';

afterEach(() => forgetTurn());

const valid = {
	type: 'turn',
	ttl: 600,
	iceServers: [
		{ urls: ['turn:127.0.0.1:3480'], username: '1800000000:abc', credential: 'c2VjcmV0' }
	]
};

describe('TURN credentials from the signaling service', () => {
	it('are used until their last minute and renewed after half their lifetime', () => {
		const now = 1_000_000;
		expect(acceptTurn('ws://a', valid, now)).toBe(true);
		expect(relayServers(now)).toEqual([valid.iceServers[0]]);
		expect(turnDue('ws://a', now + 299_000)).toBe(false);
		expect(turnDue('ws://a', now + 300_000)).toBe(true);
		expect(relayServers(now + 539_000)).toHaveLength(1);
		expect(relayServers(now + 541_000)).toEqual([]);
		expect(relayServers(now + 600_000)).toEqual([]);
		expect(turnDue('ws://a', now + 600_000)).toBe(false);
	});

	it('are refused when malformed (nothing of them is used)', () => {
		const server = valid.iceServers[0]!;
		for (const bad of [
			null,
			{},
			{ ...valid, ttl: 'long' },
			{ ...valid, ttl: 10 },
			{ ...valid, iceServers: [] },
			{ ...valid, iceServers: 'turn:x' },
			{ ...valid, iceServers: [{ ...server, urls: ['https://tracker.example'] }] },
			{ ...valid, iceServers: [{ ...server, username: 5 }] },
			{ ...valid, iceServers: [{ ...server, credential: 'x'.repeat(600) }] },
			{ ...valid, iceServers: Array.from({ length: 9 }, () => server) }
		])
			expect(parseTurn(bad)).toBeNull();
		expect(acceptTurn('ws://a', { ...valid, ttl: 1 })).toBe(false);
		expect(relayServers()).toEqual([]);
	});

	it('arrive by themselves on a signaling connection to a server with TURN', async () => {
		const server = await startSignalingServer({
			port: 0,
			turnSecret: 'secret',
			turnUrls: ['turn:127.0.0.1:3480'],
			turnTtl: 3600
		});
		const subscription = subscribe(
			`ws://127.0.0.1:${server.port}/ice`,
			'room',
			{ message: () => {}, connected: () => {} },
			WebSocket as unknown as WebSocketFactory
		);
		try {
			await expect.poll(() => relayServers().length, { timeout: 10_000 }).toBe(1);
			const [turn] = relayServers();
			expect(turn!.urls).toEqual(['turn:127.0.0.1:3480']);
			expect(turn!.username).toMatch(/^\d{10}:[\w-]+$/);
		} finally {
			subscription.close();
			await server.close();
		}
	});
});
