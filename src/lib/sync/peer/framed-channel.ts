/**
 * A data channel that carries whole messages of any size (see framing.ts), one after another,
 * and never queues more in the browser than its water allows (`waterFor`): sending waits for
 * `bufferedamountlow` instead.
 */
import { deflate, Reassembler, toFrames } from './framing';

/** The part of RTCDataChannel a framed channel uses (a fake one in tests). */
export type ChannelLike = Pick<
	RTCDataChannel,
	| 'readyState'
	| 'bufferedAmount'
	| 'bufferedAmountLowThreshold'
	| 'addEventListener'
	| 'removeEventListener'
> & { send(data: Uint8Array<ArrayBuffer>): void };

/** Sending pauses while more than `high` bytes are queued in a channel, until it is down to `low`. */
export interface Water {
	high: number;
	low: number;
}

/**
 * Little at first: several MiB queued on a connection that has carried little yet make
 * Chromium's SCTP lose packets and wait for its retransmission timeouts, ~0.5 s each (on
 * loopback the first 4 MiB took 1.2–2.5 s, and 0.4–0.8 s with this). Once a channel has carried
 * WARM_BYTES, its full water keeps it busy while the page is busy with other things.
 */
export const START_WATER: Water = { high: 256 * 1024, low: 64 * 1024 };
export const WARM_BYTES = 16 * 1024 * 1024;
/** A framed channel's water once warm. */
export const FULL_WATER: Water = { high: 1024 * 1024, low: 256 * 1024 };

/** The water for a channel that has carried `carried` bytes, and has `full` once warm. */
export const waterFor = (carried: number, full: Water): Water =>
	carried < WARM_BYTES ? START_WATER : full;

/** Thrown by `send` once the channel closed. */
export class ChannelClosedError extends Error {
	constructor() {
		super('The data channel closed');
		this.name = 'ChannelClosedError';
	}
}

/** Resolves when the channel can take more under `water` (rejects once it closes). */
export function drained(channel: Omit<ChannelLike, 'send'>, water: Water): Promise<void> {
	if (channel.readyState !== 'open') return Promise.reject(new ChannelClosedError());
	if (channel.bufferedAmount <= water.high) return Promise.resolve();
	channel.bufferedAmountLowThreshold = water.low;
	return new Promise((resolve, reject) => {
		const done = () => {
			channel.removeEventListener('bufferedamountlow', done);
			channel.removeEventListener('close', done);
			if (channel.readyState === 'open') resolve();
			else reject(new ChannelClosedError());
		};
		channel.addEventListener('bufferedamountlow', done);
		channel.addEventListener('close', done);
	});
}

/** Whole messages over one channel, optionally sealed with `key`. */
export class FramedChannel {
	#channel: ChannelLike;
	#key: CryptoKey | undefined;
	#reassembler: Reassembler;
	#sending: Promise<void> = Promise.resolve();
	/** Bytes this channel has sent. */
	#carried = 0;
	#nextId = crypto.getRandomValues(new Uint32Array(1))[0]!;
	#listeners = new Set<(message: Uint8Array) => void>();
	#onFrame = (event: MessageEvent) => {
		const data: unknown = event.data;
		if (!(data instanceof ArrayBuffer) && !(data instanceof Uint8Array)) return;
		void this.#reassembler.push(data).then((message) => {
			if (message) for (const listener of this.#listeners) listener(message);
		});
	};

	constructor(channel: ChannelLike, options: { key?: CryptoKey; maxMessageBytes?: number } = {}) {
		this.#channel = channel;
		this.#key = options.key;
		this.#reassembler = new Reassembler(options);
		channel.addEventListener('message', this.#onFrame);
	}

	/** The channel underneath. */
	get channel(): ChannelLike {
		return this.#channel;
	}

	/**
	 * Sends one message after those sent before it; rejects if the channel closes first.
	 * `deflated`: deflates it first (only to a reader that said it inflates, framing.ts).
	 */
	send(message: Uint8Array, { deflated = false } = {}): Promise<void> {
		const id = this.#nextId++ >>> 0;
		const sent = this.#sending.then(async () => {
			const body = deflated ? await deflate(message) : message;
			for await (const frame of toFrames(body, id, this.#key, { deflated })) {
				await drained(this.#channel, waterFor(this.#carried, FULL_WATER));
				this.#channel.send(frame);
				this.#carried += frame.byteLength;
			}
		});
		this.#sending = sent.catch(() => {});
		return sent;
	}

	/** Calls `listener` with every whole message received. */
	onMessage(listener: (message: Uint8Array) => void): () => void {
		this.#listeners.add(listener);
		return () => void this.#listeners.delete(listener);
	}

	/** Stops listening (the channel itself is closed by its owner). */
	detach(): void {
		this.#channel.removeEventListener('message', this.#onFrame);
		this.#listeners.clear();
	}
}
