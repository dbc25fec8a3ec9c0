// Koers's signaling server: relays sealed messages between the peers of a topic (room). It speaks
// the topic protocol Koers's clients use (y-webrtc's): JSON text frames
//   {type:'subscribe', topics:[...]}  {type:'unsubscribe', topics:[...]}
//   {type:'publish', topic, data}  -> sent to every subscriber of topic, with `clients` added
//   {type:'ping'}                  -> {type:'pong'}
// It stores nothing and cannot read `data` (clients seal it). Minimal on purpose: a later issue
// makes it production grade (limits per address, metrics, TLS termination).
import http from 'node:http';
import { WebSocketServer } from 'ws';

/** The largest frame a client may send; larger ones close its connection (code 1009). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** Topics one connection may hold at once. */
const MAX_TOPICS = 64;
const MAX_TOPIC_LENGTH = 256;
/** A connection that answers no WebSocket ping within this time is closed. */
const PING_MS = 30_000;

/**
 * Starts the server on `host:port` (port 0 picks a free one). Resolves once it listens, with
 * its port and a `close` that ends every connection.
 */
export function startSignalingServer({ port = 4444, host = '127.0.0.1' } = {}) {
	/** @type {Map<string, Set<import('ws').WebSocket>>} */
	const topics = new Map();
	const server = http.createServer((_request, response) => {
		response.writeHead(200, { 'Content-Type': 'text/plain' });
		response.end('okay');
	});
	const wss = new WebSocketServer({ server, maxPayload: MAX_MESSAGE_BYTES });
	// A listen error (port in use) rejects below; `ws` re-emits it here too.
	wss.on('error', () => {});

	wss.on('connection', (socket) => {
		/** @type {Set<string>} */
		const own = new Set();
		let alive = true;
		const ping = setInterval(() => {
			if (!alive) return socket.terminate();
			alive = false;
			socket.ping();
		}, PING_MS);
		socket.on('pong', () => (alive = true));
		socket.on('error', () => socket.terminate());
		socket.on('close', () => {
			clearInterval(ping);
			for (const topic of own) leave(topic, socket);
			own.clear();
		});
		socket.on('message', (raw, isBinary) => {
			alive = true;
			const message = isBinary ? null : parse(raw.toString());
			if (!message) return;
			switch (message.type) {
				case 'subscribe':
					for (const topic of topicList(message.topics)) {
						if (own.size >= MAX_TOPICS) break;
						own.add(topic);
						let set = topics.get(topic);
						if (!set) topics.set(topic, (set = new Set()));
						set.add(socket);
					}
					break;
				case 'unsubscribe':
					for (const topic of topicList(message.topics)) {
						own.delete(topic);
						leave(topic, socket);
					}
					break;
				case 'publish': {
					if (!validTopic(message.topic)) break;
					const receivers = topics.get(message.topic);
					if (!receivers) break;
					const text = JSON.stringify({
						type: 'publish',
						topic: message.topic,
						data: message.data,
						clients: receivers.size
					});
					for (const receiver of receivers) if (receiver.readyState === 1) receiver.send(text);
					break;
				}
				case 'ping':
					socket.send(JSON.stringify({ type: 'pong' }));
					break;
			}
		});
	});

	/** @param {string} topic @param {import('ws').WebSocket} socket */
	function leave(topic, socket) {
		const set = topics.get(topic);
		if (!set) return;
		set.delete(socket);
		if (set.size === 0) topics.delete(topic);
	}

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			const address = server.address();
			resolve({
				port: typeof address === 'object' && address ? address.port : port,
				/** The number of topics with subscribers (for tests). */
				topicCount: () => topics.size,
				close: () =>
					new Promise((done) => {
						for (const client of wss.clients) client.terminate();
						wss.close();
						server.close(() => done(undefined));
					})
			});
		});
	});
}

/** @param {string} text */
function parse(text) {
	try {
		const value = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
	} catch {
		return null;
	}
}

/** @param {unknown} topic @returns {topic is string} */
function validTopic(topic) {
	return typeof topic === 'string' && topic.length > 0 && topic.length <= MAX_TOPIC_LENGTH;
}

/** @param {unknown} list @returns {string[]} */
function topicList(list) {
	return Array.isArray(list) ? list.filter(validTopic).slice(0, MAX_TOPICS) : [];
}
