/**
 * The client side of the signaling protocol (y-webrtc's, which Koers's server speaks): JSON
 * over WebSocket with `subscribe`, `unsubscribe`, `publish` and `ping`/`pong`, and `turn` for
 * time-limited TURN credentials (ice.ts; a server without TURN ignores it). One connection
 * per server URL is shared by every topic of the page. It reconnects with backoff and subscribes
 * again to the topics still open; a closed topic is unsubscribed at once and never sent again.
 * This module carries opaque `data`; room.ts seals it. With several URLs a room subscribes on
 * each, so when one server (node) dies, the others carry the room while it reconnects.
 */
import { acceptTurn, turnDue } from './ice';

/** The WebSocket constructor to use (Node's `ws` in tests). */
export type WebSocketFactory = new (url: string) => WebSocket;

/** What a subscriber hears on its topic. */
export interface TopicHandlers {
	/** A message published on the topic (by anyone, this page included). */
	message(data: unknown): void;
	/** The connection (re)opened and the topic is subscribed: the moment to announce. */
	connected(): void;
	/** The connection was lost (it reconnects by itself, and `connected` follows). */
	disconnected?(): void;
}

/** One topic on one server. */
export interface TopicSubscription {
	/** Publishes `data` on the topic; dropped while disconnected, ignored after `close`. */
	publish(data: string): void;
	/** Unsubscribes; nothing is sent for this subscription afterwards. */
	close(): void;
}

const PING_MS = 10_000;
const SILENCE_MS = 25_000;
const MAX_BACKOFF_MS = 5_000;
/** A connection without topics stays this long in case a room opens again right away. */
const LINGER_MS = 1_000;

const pool = new Map<string, SignalingConnection>();

/** Subscribes to `topic` on the server at `url`, sharing the page's connection to it. */
export function subscribe(
	url: string,
	topic: string,
	handlers: TopicHandlers,
	WebSocketImpl: WebSocketFactory = globalThis.WebSocket
): TopicSubscription {
	let connection = pool.get(url);
	if (!connection) {
		connection = new SignalingConnection(url, WebSocketImpl);
		pool.set(url, connection);
	}
	return connection.add(topic, handlers);
}

/** The number of signaling connections this page holds (for tests). */
export const openConnections = () => pool.size;

class SignalingConnection {
	#url: string;
	#WebSocket: WebSocketFactory;
	#socket: WebSocket | undefined;
	#topics = new Map<string, Set<TopicHandlers>>();
	#attempt = 0;
	#lastHeard = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#ping: ReturnType<typeof setInterval> | undefined;
	#linger: ReturnType<typeof setTimeout> | undefined;
	#shut = false;

	constructor(url: string, WebSocketImpl: WebSocketFactory) {
		this.#url = url;
		this.#WebSocket = WebSocketImpl;
		this.#connect();
	}

	get #open(): boolean {
		return this.#socket?.readyState === 1;
	}

	add(topic: string, handlers: TopicHandlers): TopicSubscription {
		clearTimeout(this.#linger);
		let set = this.#topics.get(topic);
		const first = !set;
		if (!set) this.#topics.set(topic, (set = new Set()));
		set.add(handlers);
		if (this.#open) {
			if (first) this.#send({ type: 'subscribe', topics: [topic] });
			queueMicrotask(() => set.has(handlers) && handlers.connected());
		}
		let closed = false;
		return {
			publish: (data) => {
				if (!closed) this.#send({ type: 'publish', topic, data });
			},
			close: () => {
				if (closed) return;
				closed = true;
				this.#remove(topic, handlers);
			}
		};
	}

	#remove(topic: string, handlers: TopicHandlers): void {
		const set = this.#topics.get(topic);
		if (!set?.delete(handlers) || set.size > 0) return;
		this.#topics.delete(topic);
		this.#send({ type: 'unsubscribe', topics: [topic] });
		if (this.#topics.size === 0) this.#linger = setTimeout(() => this.#shutDown(), LINGER_MS);
	}

	#shutDown(): void {
		if (this.#topics.size > 0) return;
		this.#shut = true;
		pool.delete(this.#url);
		clearTimeout(this.#timer);
		clearInterval(this.#ping);
		this.#socket?.close();
		this.#socket = undefined;
	}

	#send(message: object): void {
		if (this.#open) this.#socket!.send(JSON.stringify(message));
	}

	#connect(): void {
		if (this.#shut) return;
		let socket: WebSocket;
		try {
			socket = new this.#WebSocket(this.#url);
		} catch {
			return this.#retry();
		}
		this.#socket = socket;
		socket.addEventListener('open', () => {
			if (this.#socket !== socket) return;
			this.#attempt = 0;
			this.#lastHeard = Date.now();
			// Before subscribing: the answer arrives before any peer's message on a topic.
			this.#send({ type: 'turn' });
			if (this.#topics.size) this.#send({ type: 'subscribe', topics: [...this.#topics.keys()] });
			for (const set of this.#topics.values()) for (const handlers of set) handlers.connected();
			clearInterval(this.#ping);
			this.#ping = setInterval(() => this.#keepAlive(socket), PING_MS);
		});
		socket.addEventListener('message', (event: MessageEvent) => {
			if (this.#socket !== socket) return;
			this.#lastHeard = Date.now();
			const message = parse(event.data);
			if (message?.type === 'turn') return void acceptTurn(this.#url, message);
			if (message?.type !== 'publish' || typeof message.topic !== 'string') return;
			for (const handlers of [...(this.#topics.get(message.topic) ?? [])])
				handlers.message(message.data);
		});
		// Without a listener, Node's `ws` throws on a refused connection; 'close' follows anyway.
		socket.addEventListener('error', () => {});
		let opened = false;
		socket.addEventListener('open', () => (opened = true));
		socket.addEventListener('close', () => {
			if (this.#socket !== socket) return;
			clearInterval(this.#ping);
			this.#socket = undefined;
			if (opened)
				for (const set of this.#topics.values())
					for (const handlers of set) handlers.disconnected?.();
			this.#retry();
		});
	}

	#keepAlive(socket: WebSocket): void {
		if (Date.now() - this.#lastHeard > SILENCE_MS) return socket.close();
		this.#send({ type: 'ping' });
		if (turnDue(this.#url)) this.#send({ type: 'turn' });
	}

	#retry(): void {
		if (this.#shut) return;
		const delay = Math.min(MAX_BACKOFF_MS, 200 * 2 ** this.#attempt++) * (0.75 + Math.random() / 2);
		this.#timer = setTimeout(() => this.#connect(), delay);
	}
}

function parse(data: unknown): { type?: unknown; topic?: unknown; data?: unknown } | null {
	if (typeof data !== 'string') return null;
	try {
		const value: unknown = JSON.parse(data);
		return value && typeof value === 'object' ? value : null;
	} catch {
		return null;
	}
}
