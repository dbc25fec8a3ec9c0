// `npm run load` (not part of `npm test`): the signaling service under load, beside y-webrtc's
// demo server doing the same work in the same run.
//
// Simulated peers in rooms of LOAD_ROOM_SIZE behave like the app: they subscribe to their room,
// ping every 10 s, and publish sealed-size messages (a base64 string of LOAD_BYTES) at
// LOAD_RATE publishes per second in all. Scenarios, each with LOAD_CONNECTIONS connections:
//   koers-2-nodes  two Koers nodes on one real redis-server (loopback); every room has members on
//                  both nodes, so half of the relays cross Redis
//   koers-1-node   one Koers node, no Redis
//   y-webrtc       y-webrtc 10.3.0's bin/server.js (fetched with `npm pack` into
//                  node_modules/.cache/y-webrtc-demo; it is not a dependency)
// Each prints connections held, relay latency p50/p99 (publish to arrival at every other member),
// messages per second (publishes and deliveries), and server memory per connection (resident
// memory after connecting minus before, over the connections).
//
// LOAD_CONNECTIONS=10000 LOAD_SECONDS=20 LOAD_RATE=1000 LOAD_ROOM_SIZE=4 LOAD_BYTES=400
// LOAD_ONLY=koers-2-nodes,y-webrtc  LOAD_PORT=4550 (uses LOAD_PORT..LOAD_PORT+3)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { startRedis } from '../signaling/testing.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const CONNECTIONS = Number(env.LOAD_CONNECTIONS ?? 10_000);
const SECONDS = Number(env.LOAD_SECONDS ?? 20);
const RATE = Number(env.LOAD_RATE ?? 1000);
const ROOM_SIZE = Number(env.LOAD_ROOM_SIZE ?? 4);
const BYTES = Number(env.LOAD_BYTES ?? 400);
const PORT = Number(env.LOAD_PORT ?? 4550);
const ONLY = (env.LOAD_ONLY ?? 'koers-2-nodes,koers-1-node,y-webrtc').split(',');
const Y_WEBRTC = '10.3.0';
const BATCH = 250;

/** Spawns `node args` with the open-file limit raised to the hard limit. */
function spawnNode(/** @type {string[]} */ args, /** @type {Record<string, string>} */ extra) {
	// LOAD_NODE_FLAGS: flags for the servers' node, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof.
	const flags = (env.LOAD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
	const command = `ulimit -n "$(ulimit -Hn)"; exec "${process.execPath}" ${[...flags, ...args].map((a) => `"${a}"`).join(' ')}`;
	return spawn('bash', ['-c', command], {
		env: { ...env, ...extra },
		stdio: ['ignore', 'ignore', 'inherit']
	});
}

/** Ends a server process and waits until it is gone. */
function stop(/** @type {import('node:child_process').ChildProcess} */ child) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	const gone = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
	return gone.then(() => clearTimeout(kill));
}

/** Waits until `port` answers HTTP. */
async function ready(/** @type {number} */ port) {
	for (let i = 0; i < 300; i++) {
		try {
			await fetch(`http://127.0.0.1:${port}/`);
			return;
		} catch {
			await sleep(100);
		}
	}
	throw new Error(`Nothing answers on port ${port}`);
}

/** Resident memory of a process in bytes (Linux). */
function rss(/** @type {number} */ pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** CPU time a process used so far, in ms (Linux, clock ticks of 10 ms). */
function cpuMs(/** @type {number} */ pid) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** y-webrtc's demo server, unpacked once into node_modules/.cache. */
function yWebrtcServer() {
	const dir = `${root}node_modules/.cache/y-webrtc-demo`;
	const server = `${dir}/package/bin/server.js`;
	if (!existsSync(server)) {
		mkdirSync(dir, { recursive: true });
		console.log(`Fetching y-webrtc@${Y_WEBRTC} (npm pack) into ${dir}…`);
		execFileSync('npm', ['pack', `y-webrtc@${Y_WEBRTC}`, '--silent'], { cwd: dir });
		execFileSync('tar', ['xzf', `y-webrtc-${Y_WEBRTC}.tgz`], { cwd: dir });
	}
	return server;
}

/** A child process of a server, with the pid of node itself (bash execs into it). */
async function startServer(/** @type {'koers'|'y-webrtc'} */ kind, port, redisUrl = '') {
	const child =
		kind === 'koers'
			? spawnNode([`${root}signaling/main.js`], {
					SIGNALING_PORT: String(port),
					HOST: '127.0.0.1',
					REDIS_URL: redisUrl,
					LOG: 'quiet',
					// Every simulated peer comes from 127.0.0.1.
					MAX_CONNECTIONS_PER_IP: '1000000'
				})
			: spawnNode([yWebrtcServer()], { PORT: String(port) });
	await ready(port);
	return { child, pid: /** @type {number} */ (child.pid), port };
}

function percentile(/** @type {Float64Array} */ sorted, /** @type {number} */ p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs one scenario against `ports` (peer i of a room goes to ports[i % ports.length]). */
async function scenario(
	/** @type {string} */ name,
	/** @type {number[]} */ ports,
	/** @type {number[]} */ pids,
	/** @type {number[]} */ helpers = []
) {
	const before = pids.map(rss);
	/** @type {WebSocket[]} */
	const sockets = [];
	let failed = 0;
	let measuring = false;
	let latencies = new Float64Array(1 << 20);
	let count = 0;
	let delivered = 0;
	const padding = 'A'.repeat(Math.max(0, BYTES - 40));
	const started = performance.now();
	for (let i = 0; i < CONNECTIONS; i += BATCH) {
		const batch = [];
		for (let j = i; j < Math.min(CONNECTIONS, i + BATCH); j++) {
			const room = Math.floor(j / ROOM_SIZE);
			const port = ports[(j % ROOM_SIZE) % ports.length];
			const socket = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
			sockets.push(socket);
			batch.push(
				new Promise((resolve) => {
					socket.once('open', () => {
						socket.send(JSON.stringify({ type: 'subscribe', topics: [`load-room-${room}`] }));
						resolve(undefined);
					});
					socket.once('error', () => {
						failed++;
						resolve(undefined);
					});
				})
			);
			socket.on('message', (data) => {
				if (!measuring) return;
				// `"data":"<from> <sent> …"`, read without parsing the whole frame.
				const text = data.toString();
				const at = text.indexOf('"data":"');
				if (!text.startsWith('{"type":"publish"') || at < 0) return;
				const space = text.indexOf(' ', at + 8);
				if (Number(text.slice(at + 8, space)) === j) return;
				const sent = Number(text.slice(space + 1, text.indexOf(' ', space + 1)));
				delivered++;
				if (count === latencies.length) {
					const grown = new Float64Array(latencies.length * 2);
					grown.set(latencies);
					latencies = grown;
				}
				latencies[count++] = performance.now() - sent;
			});
		}
		await Promise.all(batch);
	}
	const connectSeconds = (performance.now() - started) / 1000;
	// Settle: every subscribe handled (a round of pings answered).
	await sleep(2000);
	const after = pids.map(rss);
	const open = () => sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
	const held = open();

	// Pings like the app's: every peer once per 10 s, spread over 50 ms ticks.
	const pingsPerTick = Math.max(1, Math.round((sockets.length * 50) / 10_000));
	let pingIndex = 0;
	const pinger = setInterval(() => {
		for (let k = 0; k < pingsPerTick; k++) {
			const socket = sockets[pingIndex++ % sockets.length];
			if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"ping"}');
		}
	}, 50);

	const cpuBefore = [...pids, ...helpers].map(cpuMs);
	// Publish: RATE per second in all, each from a random peer to its room.
	measuring = true;
	let published = 0;
	let attempts = 0;
	const from = performance.now();
	const end = from + SECONDS * 1000;
	for (let now = from; now < end; now = performance.now()) {
		// As many as are due by now, so a slow tick catches up.
		for (const due = Math.floor(((now - from) / 1000) * RATE); attempts < due; attempts++) {
			const j = Math.floor(Math.random() * sockets.length);
			const socket = sockets[j];
			if (socket.readyState !== WebSocket.OPEN) continue;
			const room = Math.floor(j / ROOM_SIZE);
			socket.send(
				JSON.stringify({
					type: 'publish',
					topic: `load-room-${room}`,
					data: `${j} ${performance.now()} ${padding}`
				})
			);
			published++;
		}
		await sleep(10);
	}
	await sleep(1000);
	measuring = false;
	clearInterval(pinger);
	const heldAtEnd = open();
	const cpuUsed =
		[...pids, ...helpers].map(cpuMs).reduce((a, b) => a + b, 0) -
		cpuBefore.reduce((a, b) => a + b, 0);
	const sorted = latencies.slice(0, count).sort();
	const expected = published * (ROOM_SIZE - 1);
	const result = {
		scenario: name,
		connections: `${heldAtEnd}/${CONNECTIONS}`,
		failed,
		connectSeconds: +connectSeconds.toFixed(1),
		p50ms: +percentile(sorted, 50).toFixed(1),
		p99ms: +percentile(sorted, 99).toFixed(1),
		publishesPerSecond: Math.round(published / SECONDS),
		deliveriesPerSecond: Math.round(delivered / (SECONDS + 1)),
		delivered: `${((100 * delivered) / Math.max(1, expected)).toFixed(1)}%`,
		kbPerConnection: +(
			(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)) /
			Math.max(1, held) /
			1024
		).toFixed(1),
		serverRssMb: after.map((b) => Math.round(b / 1048576)).join('+'),
		// Contention-free cost: the servers' CPU time per 1,000 publishes (pings included).
		cpuMsPer1kPublishes: Math.round((cpuUsed * 1000) / Math.max(1, published)),
		loadAverage: +os.loadavg()[0].toFixed(1)
	};
	for (const socket of sockets) socket.terminate();
	await sleep(500);
	return result;
}

const stops = [];
const results = [];
try {
	console.log(
		`Load: ${CONNECTIONS} connections, rooms of ${ROOM_SIZE}, ${RATE} publishes/s of ${BYTES} bytes for ${SECONDS} s, on ${os.cpus().length} cores (load average ${os.loadavg()[0].toFixed(1)})`
	);
	// In the order LOAD_ONLY names them.
	for (const name of ONLY) {
		if (name === 'koers-2-nodes') {
			const redis = await startRedis();
			stops.push(() => redis.stop());
			const a = await startServer('koers', PORT, redis.url);
			const b = await startServer('koers', PORT + 1, redis.url);
			stops.push(
				() => a.child.kill(),
				() => b.child.kill()
			);
			// Redis relays too: its CPU counts with the nodes'.
			results.push(await scenario('koers-2-nodes', [a.port, b.port], [a.pid, b.pid], [redis.pid]));
			await stop(a.child);
			await stop(b.child);
			await redis.stop();
		} else if (name === 'koers-1-node') {
			const a = await startServer('koers', PORT + 2);
			stops.push(() => a.child.kill());
			results.push(await scenario('koers-1-node', [a.port], [a.pid]));
			await stop(a.child);
		} else if (name === 'y-webrtc') {
			const y = await startServer('y-webrtc', PORT + 3);
			stops.push(() => y.child.kill());
			results.push(await scenario(`y-webrtc ${Y_WEBRTC}`, [y.port], [y.pid]));
			await stop(y.child);
		} else throw new Error(`LOAD_ONLY: no scenario "${name}"`);
		console.log(results.at(-1));
	}
	console.table(results);
} finally {
	for (const stop of stops) await stop();
}
process.exit(0);
