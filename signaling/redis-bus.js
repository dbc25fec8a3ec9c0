// Scale-out: nodes on one Redis form one relay. A node subscribes to the Redis channel of a
// topic only while one of its own clients holds that topic (a dedicated subscriber connection),
// publishes each client publish there with its node id in front, and skips its own messages
// when they come back (no echo to the node they came from).
import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';

/**
 * @typedef {object} Bus
 * @property {(topic: string) => void} join  A local client holds `topic` now (the first one).
 * @property {(topic: string) => void} leave  No local client holds `topic` any more.
 * @property {(topic: string, text: string) => void} publish  Sends a relay frame to other nodes.
 * @property {() => boolean} ready  True while both Redis connections are ready.
 * @property {() => Promise<void>} close
 */

/**
 * Connects to Redis at `url`. `deliver(topic, frame)` receives other nodes' frames; `onDrop`
 * counts a publish that could not reach Redis; `log` reports state changes (no payloads).
 * @param {{ url: string, prefix: string, deliver: (topic: string, frame: Buffer) => void,
 *   onDrop: () => void, log: (event: string, fields?: object) => void }} options
 * @returns {Bus}
 */
export function connectBus({ url, prefix, deliver, onDrop, log }) {
	const nodeId = randomBytes(8).toString('hex');
	const head = `${nodeId} `;
	const headBytes = Buffer.from(head);
	const reconnectStrategy = (/** @type {number} */ retries) => Math.min(100 * 2 ** retries, 2000);
	const publisher = createClient({
		url,
		disableOfflineQueue: true,
		socket: { reconnectStrategy, connectTimeout: 2000 }
	});
	const subscriber = publisher.duplicate();
	let wasReady = false;
	const report = () => {
		const now = publisher.isReady && subscriber.isReady;
		if (now !== wasReady) log(now ? 'redis_ready' : 'redis_down');
		wasReady = now;
	};
	for (const client of [publisher, subscriber]) {
		// Without a listener an error would end the process; the client reconnects by itself.
		client.on('error', () => report());
		client.on('ready', report);
		client.on('end', report);
		client.on('reconnecting', report);
		client.connect().catch(() => report());
	}

	// Messages stay bytes (buffer mode): a frame from another node goes out to this node's
	// clients as it came, without decoding and encoding it again.
	/** @param {Buffer} message @param {Buffer} channel */
	const listener = (message, channel) => {
		if (message.subarray(0, headBytes.length).equals(headBytes)) return;
		const space = message.indexOf(32);
		if (space < 0) return;
		deliver(channel.toString().slice(prefix.length), message.subarray(space + 1));
	};

	return {
		join(topic) {
			subscriber.subscribe(prefix + topic, listener, true).catch(() => {});
		},
		leave(topic) {
			subscriber.unsubscribe(prefix + topic, listener, true).catch(() => {});
		},
		publish(topic, text) {
			if (!publisher.isReady) return onDrop();
			publisher.publish(prefix + topic, head + text).catch(onDrop);
		},
		ready: () => publisher.isReady && subscriber.isReady,
		async close() {
			for (const client of [subscriber, publisher]) {
				try {
					client.destroy();
				} catch {
					// Never connected: nothing to end.
				}
			}
		}
	};
}
