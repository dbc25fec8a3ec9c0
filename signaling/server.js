// Koers' signaling service: relays sealed messages between the peers of a topic (a room). It
// speaks the topic protocol Koers' clients use (y-webrtc's): JSON text frames
//   {type:'subscribe', topics:[...]}  {type:'unsubscribe', topics:[...]}
//   {type:'publish', topic, data}  -> sent to every subscriber of topic, with `clients` added
//   {type:'ping'}                  -> {type:'pong'}
//   {type:'turn'}                  -> {type:'turn', iceServers, ttl} when TURN is configured
// It stores nothing and cannot read `data` (clients seal it). Every limit closes the connection
// with its own code (CLOSE); malformed frames are dropped and counted, never thrown. With a Redis
// URL, nodes relay to each other's clients (redis-bus.js). HTTP: GET /healthz, /metrics, /turn.
// The log holds events and counts, never payloads or addresses.
import http from 'node:http';
import net from 'node:net';
import { WebSocketServer } from 'ws';
import { DEFAULTS } from './config.js';
import { Metrics } from './metrics.js';
import { connectBus } from './redis-bus.js';
import { turnCredentials } from './turn.js';

/** The largest frame a client may send by default; larger ones close its connection (1009). */
export const MAX_MESSAGE_BYTES = DEFAULTS.maxMessageBytes;

/** The close code of each limit. */
export const CLOSE = Object.freeze({
	/** The node shuts down: reconnect (to another node). */
	GOING_AWAY: 1001,
	/** A frame over MAX_MESSAGE_BYTES. */
	TOO_BIG: 1009,
	/** The node holds MAX_CONNECTIONS already. */
	FULL: 1013,
	/** More than MAX_TOPICS topics on one connection. */
	TOO_MANY_TOPICS: 4001,
	/** The connection's message bucket ran empty (MESSAGES_PER_SECOND, MESSAGE_BURST). */
	RATE: 4002,
	/** The page's origin is not in ALLOWED_ORIGINS. */
	ORIGIN: 4003,
	/** MAX_CONNECTIONS_PER_IP connections from this address already. */
	PER_IP: 4004,
	/** Nothing received for IDLE_TIMEOUT_MS. */
	IDLE: 4005
});

/** A subscriber that has this much unsent data gets no more until it reads (a slow reader). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const PING = Buffer.from('{"type":"ping"}');
const PONG = Buffer.from('{"type":"pong"}');
/** Frames are sent as text, from bytes encoded once for every receiver. */
const AS_TEXT = Object.freeze({ binary: false });

/**
 * @typedef {object} Client
 * @property {import('ws').WebSocket} socket
 * @property {string} ip
 * @property {Set<string>} topics
 * @property {number} tokens
 * @property {number} refilled
 * @property {number} lastSeen
 * @property {boolean} closing
 */

/**
 * Starts a node on `host:port` (port 0 picks a free one), with `options` over the defaults
 * (config.js; the log is off unless `log: true`). Resolves once it listens.
 * @param {Partial<import('./config.js').SignalingConfig>} options
 */
export async function startSignalingServer(options = {}) {
	const config = { ...DEFAULTS, log: false, ...options };
	const metrics = new Metrics();
	/** @type {Map<string, Set<Client>>} */
	const topics = new Map();
	/** @type {Set<Client>} */
	const clients = new Set();
	/** @type {Map<string, number>} connections per address, only while they are open */
	const perIp = new Map();
	const origins = new Set(config.allowedOrigins);
	const turn = config.turnSecret && config.turnUrls.length > 0;
	let shuttingDown = false;

	/** @param {string} event @param {object} [fields] */
	const log = (event, fields = {}) => {
		if (config.log)
			console.log(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
	};

	const bus = config.redisUrl
		? connectBus({
				url: config.redisUrl,
				prefix: config.redisPrefix,
				deliver: (topic, frame) => {
					metrics.fromRedis++;
					relay(topic, frame);
				},
				onDrop: () => metrics.dropped.redis++,
				log
			})
		: null;

	const healthy = () => !shuttingDown && (!bus || bus.ready());

	const server = http.createServer((request, response) => {
		const path = (request.url ?? '/').split('?')[0];
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			response.writeHead(405, { Allow: 'GET, HEAD' }).end();
			return;
		}
		if (path === '/healthz') {
			const ok = healthy();
			const why = shuttingDown ? 'shutting down' : 'redis unavailable';
			response
				.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' })
				.end(ok ? 'ok\n' : `${why}\n`);
		} else if (path === '/metrics') {
			const text = metrics.text({
				connections: clients.size,
				topics: topics.size,
				redis: bus ? Number(bus.ready()) : null
			});
			response.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(text);
		} else if (path === '/turn') {
			const origin = request.headers.origin;
			/** @type {Record<string, string>} */
			const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };
			if (origin && (origins.size === 0 || origins.has(origin))) {
				headers['Access-Control-Allow-Origin'] = origin;
				headers.Vary = 'Origin';
			}
			if (!turn || (origin && origins.size > 0 && !origins.has(origin))) {
				response.writeHead(turn ? 403 : 404, headers).end('{}');
				return;
			}
			metrics.turnIssued++;
			response.writeHead(200, headers).end(JSON.stringify(credentials()));
		} else if (path === '/') {
			// The readiness check of scripts and Playwright's webServer.
			response.writeHead(200, { 'Content-Type': 'text/plain' }).end('okay');
		} else {
			response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
		}
	});
	server.on('clientError', (_error, socket) => socket.destroy());

	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: config.maxMessageBytes,
		perMessageDeflate: false
	});
	server.on('upgrade', (request, socket, head) => {
		socket.on('error', () => socket.destroy());
		if (shuttingDown) return void socket.destroy();
		wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
	});

	const credentials = () =>
		turnCredentials({ secret: config.turnSecret, urls: config.turnUrls, ttl: config.turnTtl });

	/** @param {import('ws').WebSocket} socket @param {http.IncomingMessage} request */
	function accept(socket, request) {
		socket.on('error', () => {});
		const origin = request.headers.origin;
		if (origin && origins.size > 0 && !origins.has(origin))
			return refuse(socket, 'origin', CLOSE.ORIGIN, 'origin not allowed');
		if (config.maxConnections > 0 && clients.size >= config.maxConnections)
			return refuse(socket, 'full', CLOSE.FULL, 'server full, try another');
		const ip = clientIp(request, config.trustProxy);
		const count = perIp.get(ip) ?? 0;
		if (count >= config.maxConnectionsPerIp)
			return refuse(socket, 'per_ip', CLOSE.PER_IP, 'too many connections from this address');
		perIp.set(ip, count + 1);
		const now = Date.now();
		/** @type {Client} */
		const client = {
			socket,
			ip,
			topics: new Set(),
			tokens: config.messageBurst,
			refilled: now,
			lastSeen: now,
			closing: false
		};
		clients.add(client);
		metrics.connectionsTotal++;
		socket.on('error', (/** @type {Error & { code?: string }} */ error) => {
			// `ws` closes with 1009 itself when a frame is over maxPayload.
			if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
				metrics.dropped.too_big++;
				metrics.closed.too_big++;
			}
		});
		socket.on('close', () => forget(client));
		socket.on('message', (raw, isBinary) => receive(client, raw, isBinary));
	}

	/** @param {import('ws').WebSocket} socket @param {import('./metrics.js').Reason} reason @param {number} code @param {string} text */
	function refuse(socket, reason, code, text) {
		metrics.closed[reason]++;
		socket.close(code, text);
	}

	/** @param {Client} client @param {import('./metrics.js').Reason} reason @param {number} code @param {string} text */
	function limit(client, reason, code, text) {
		if (client.closing) return;
		client.closing = true;
		metrics.closed[reason]++;
		client.socket.close(code, text);
	}

	/** @param {Client} client */
	function forget(client) {
		if (!clients.delete(client)) return;
		for (const topic of client.topics) leave(topic, client);
		client.topics.clear();
		const count = (perIp.get(client.ip) ?? 1) - 1;
		if (count > 0) perIp.set(client.ip, count);
		else perIp.delete(client.ip);
	}

	/** @param {Client} client @param {import('ws').RawData} raw @param {boolean} isBinary */
	function receive(client, raw, isBinary) {
		if (client.closing) return;
		const now = Date.now();
		client.lastSeen = now;
		metrics.messagesReceived++;
		client.tokens = Math.min(
			config.messageBurst,
			client.tokens + ((now - client.refilled) * config.messagesPerSecond) / 1000
		);
		client.refilled = now;
		if (client.tokens < 1) {
			metrics.dropped.rate++;
			return limit(client, 'rate', CLOSE.RATE, 'too many messages');
		}
		client.tokens -= 1;
		if (isBinary) return void metrics.dropped.binary++;
		// Most frames are the clients' pings, every 10 s each: answered without parsing.
		if (Buffer.isBuffer(raw) && raw.equals(PING)) return void send(client.socket, PONG);
		const message = parse(raw.toString());
		if (!message) return void metrics.dropped.malformed++;
		switch (message.type) {
			case 'subscribe': {
				const list = topicList(message.topics);
				if (!list) return void metrics.dropped.malformed++;
				for (const topic of list) {
					if (client.topics.has(topic)) continue;
					if (client.topics.size >= config.maxTopics)
						return limit(client, 'topics', CLOSE.TOO_MANY_TOPICS, 'too many topics');
					client.topics.add(topic);
					let set = topics.get(topic);
					if (!set) {
						topics.set(topic, (set = new Set()));
						bus?.join(topic);
					}
					set.add(client);
				}
				return;
			}
			case 'unsubscribe': {
				const list = topicList(message.topics);
				if (!list) return void metrics.dropped.malformed++;
				for (const topic of list) if (client.topics.delete(topic)) leave(topic, client);
				return;
			}
			case 'publish': {
				const topic = message.topic;
				if (!validTopic(topic) || message.data === undefined)
					return void metrics.dropped.malformed++;
				metrics.published++;
				const receivers = topics.get(topic);
				const text = JSON.stringify({
					type: 'publish',
					topic,
					data: message.data,
					clients: receivers?.size ?? 0
				});
				if (receivers) relay(topic, Buffer.from(text));
				bus?.publish(topic, text);
				return;
			}
			case 'ping':
				return send(client.socket, PONG);
			case 'turn':
				if (!turn) return;
				metrics.turnIssued++;
				return send(client.socket, Buffer.from(JSON.stringify({ type: 'turn', ...credentials() })));
			default:
				metrics.dropped.malformed++;
		}
	}

	/** @param {import('ws').WebSocket} socket @param {Buffer} frame */
	function send(socket, frame) {
		if (socket.readyState !== 1) return false;
		if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
			metrics.dropped.slow++;
			return false;
		}
		socket.send(frame, AS_TEXT);
		return true;
	}

	/** Sends a relay frame to this node's subscribers of `topic`. @param {string} topic @param {Buffer} frame */
	function relay(topic, frame) {
		const receivers = topics.get(topic);
		if (!receivers) return;
		for (const receiver of receivers) if (send(receiver.socket, frame)) metrics.relayed++;
	}

	/** @param {string} topic @param {Client} client */
	function leave(topic, client) {
		const set = topics.get(topic);
		if (!set) return;
		set.delete(client);
		if (set.size > 0) return;
		topics.delete(topic);
		bus?.leave(topic);
	}

	// One sweep for every connection, not a timer each: closes the idle ones. After a stall of
	// this process (a long GC, an overloaded machine) messages may wait unread, so the sweep that
	// follows a stall closes nothing.
	const sweepMs = Math.min(5000, Math.max(250, config.idleTimeoutMs / 4));
	let lastSweep = Date.now();
	const sweep = setInterval(() => {
		const now = Date.now();
		const stalled = now - lastSweep > 2 * sweepMs;
		lastSweep = now;
		if (stalled) return;
		const cutoff = now - config.idleTimeoutMs;
		for (const client of clients)
			if (client.lastSeen < cutoff) limit(client, 'idle', CLOSE.IDLE, 'idle');
	}, sweepMs);
	sweep.unref();
	const stats = setInterval(
		() => log('stats', { connections: clients.size, topics: topics.size }),
		60_000
	);
	stats.unref();

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	log('listening', { host: config.host, port, redis: Boolean(bus), turn: Boolean(turn) });

	return {
		port,
		/** The number of topics with subscribers on this node. */
		topicCount: () => topics.size,
		/** The number of open connections. */
		connectionCount: () => clients.size,
		metrics,
		/** True once the node can serve (and Redis, if configured, is ready). */
		healthy,
		/**
		 * Stops: every client is told to go away (1001: reconnect elsewhere), then the server and
		 * Redis close. `graceMs` is how long clients get to close before they are cut off.
		 */
		close: async ({ graceMs = 0 } = {}) => {
			shuttingDown = true;
			clearInterval(sweep);
			clearInterval(stats);
			for (const client of clients) {
				client.closing = true;
				client.socket.close(CLOSE.GOING_AWAY, 'going away');
			}
			const deadline = Date.now() + graceMs;
			while (wss.clients.size > 0 && Date.now() < deadline)
				await new Promise((resolve) => setTimeout(resolve, 20));
			for (const socket of wss.clients) socket.terminate();
			wss.close();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
			await bus?.close();
			log('stopped');
		}
	};

	/** @param {unknown} topic @returns {topic is string} */
	function validTopic(topic) {
		return typeof topic === 'string' && topic.length > 0 && topic.length <= config.maxTopicLength;
	}

	/** The topics of a (un)subscribe, or null if the list is malformed. @param {unknown} list */
	function topicList(list) {
		if (!Array.isArray(list) || list.length > config.maxTopics) return null;
		return list.every(validTopic) ? /** @type {string[]} */ (list) : null;
	}
}

/** @param {string} text @returns {Record<string, unknown> | null} */
function parse(text) {
	try {
		const value = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
	} catch {
		return null;
	}
}

/**
 * The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For entry
 * (the one the proxy added). Kept only while the client is connected, never logged.
 * @param {http.IncomingMessage} request @param {boolean} trustProxy
 */
function clientIp(request, trustProxy) {
	const forwarded = request.headers['x-forwarded-for'];
	const last =
		trustProxy && typeof forwarded === 'string' ? forwarded.split(',').at(-1)?.trim() : '';
	const ip = last || request.socket.remoteAddress || 'unknown';
	return addressKey(ip.startsWith('::ffff:') ? ip.slice(7) : ip);
}

/**
 * What a per-address limit counts by: an IPv4 address as it is, an IPv6 address by its /64. A
 * household or a host gets a whole /64, so counting full IPv6 addresses would let one client open
 * any number of connections.
 * @param {string} ip
 */
export function addressKey(ip) {
	const bare = ip.split('%')[0] ?? ip;
	if (!net.isIPv6(bare)) return ip;
	const [head = '', tail] = bare.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const missing = tail === undefined ? 0 : 8 - left.length - right.length;
	const groups = [...left, ...Array(Math.max(missing, 0)).fill('0'), ...right];
	const prefix = groups.slice(0, 4).map((group) => parseInt(group || '0', 16).toString(16));
	return `${prefix.join(':')}::/64`;
}
