// Test helpers for the signaling service (not part of the service): a real redis-server on a
// free loopback port, and a WebSocket client that records what it hears.
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { startSignalingServer } from './server.js';

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * Starts redis-server on loopback, on the first free port of 6390-6399 (from a random one,
 * so parallel test files rarely meet). Nothing is saved to disk.
 * @returns {Promise<{ port: number, pid: number, url: string, stop: () => Promise<void> }>}
 */
export async function startRedis() {
	const first = Math.floor(Math.random() * 10);
	for (let i = 0; i < 10; i++) {
		const port = 6390 + ((first + i) % 10);
		const started = await tryRedis(port);
		if (started) return started;
	}
	throw new Error('No free port for redis-server in 6390-6399');
}

/**
 * Starts redis-server on `port`; null if that port is taken.
 * @param {number} port
 * @returns {Promise<{ port: number, pid: number, url: string, stop: () => Promise<void> } | null>}
 */
export function tryRedis(port) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			REDIS_SERVER,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--loglevel',
				'notice'
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let output = '';
		child.on('error', reject);
		child.stdout.on('data', (chunk) => {
			output += chunk;
			if (output.includes('Ready to accept connections')) {
				resolve({
					port,
					pid: /** @type {number} */ (child.pid),
					url: `redis://127.0.0.1:${port}`,
					stop: () =>
						new Promise((done) => {
							if (child.exitCode !== null || child.signalCode !== null) return done(undefined);
							child.once('exit', () => done(undefined));
							child.kill('SIGKILL');
						})
				});
			}
		});
		child.on('exit', () => resolve(null));
	});
}

/**
 * A client of the node on `port`: records every message it receives and the close code.
 * @param {number} port @param {{ headers?: Record<string, string> }} [options]
 */
export async function connect(port, options = {}) {
	const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { headers: options.headers });
	/** @type {Record<string, any>[]} */
	const received = [];
	/** @type {(() => void)[]} */
	const waiters = [];
	const wake = () => waiters.splice(0).forEach((w) => w());
	/** @type {number | null} */
	let closeCode = null;
	socket.on('message', (data) => {
		received.push(JSON.parse(data.toString()));
		wake();
	});
	socket.on('close', (code) => {
		closeCode = code;
		wake();
	});
	socket.on('error', () => {});
	await new Promise((resolve, reject) => {
		socket.once('open', resolve);
		socket.once('close', (code) => reject(new Error(`closed before open (${code})`)));
	});
	/** @param {unknown} message */
	const send = (message) =>
		socket.send(typeof message === 'string' ? message : JSON.stringify(message));
	/** Waits until `check` holds of what arrived (or the socket closed). @param {(r: Record<string, any>[]) => boolean} check */
	const until = async (check, timeoutMs = 10_000) => {
		const deadline = Date.now() + timeoutMs;
		while (!check(received)) {
			if (closeCode !== null && !check(received)) throw new Error(`closed (${closeCode})`);
			if (Date.now() > deadline) throw new Error('timed out waiting for a message');
			await new Promise((resolve) => {
				waiters.push(() => resolve(undefined));
				setTimeout(resolve, 200);
			});
		}
		return received;
	};
	/** Resolves with the close code. */
	const closed = () =>
		closeCode !== null
			? Promise.resolve(closeCode)
			: new Promise((resolve) => socket.once('close', (code) => resolve(code)));
	/** A ping answered: everything sent before it was handled. */
	const roundTrip = async () => {
		const pongs = received.filter((m) => m.type === 'pong').length;
		send({ type: 'ping' });
		await until((r) => r.filter((m) => m.type === 'pong').length > pongs);
	};
	return { socket, received, send, until, closed, roundTrip };
}

/** The value of a metric line in Prometheus text. @param {string} text @param {string} line */
export function metric(text, line) {
	const found = text.split('\n').find((l) => l.startsWith(`${line} `));
	return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

/**
 * Nodes and clients for one spec file, ended by `cleanup` (call it in afterEach).
 */
export function nodesAndClients() {
	/** @type {Awaited<ReturnType<typeof startSignalingServer>>[]} */
	const nodes = [];
	/** @type {Awaited<ReturnType<typeof connect>>[]} */
	const clients = [];
	return {
		/** A node on a free port. @param {Parameters<typeof startSignalingServer>[0]} [options] */
		async node(options = {}) {
			const started = await startSignalingServer({ port: 0, ...options });
			nodes.push(started);
			return started;
		},
		/** @param {number} port @param {Parameters<typeof connect>[1]} [options] */
		async client(port, options) {
			const c = await connect(port, options);
			clients.push(c);
			return c;
		},
		/** Forgets a node that the test closed itself. @param {{ close(): Promise<void> }} node */
		forget(node) {
			nodes.splice(nodes.indexOf(/** @type {any} */ (node)), 1);
		},
		async cleanup() {
			for (const c of clients.splice(0)) c.socket.terminate();
			for (const node of nodes.splice(0)) await node.close();
		}
	};
}

/** The Prometheus text of the node on `port`. @param {number} port */
export const metricsOf = async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
