/**
 * A data channel that carries whole messages of any size (see framing.ts), one after another,
 * and never queues more than HIGH_WATER bytes in the browser: sending waits for
 * `bufferedamountlow` instead.
 */
import { Reassembler, toFrames } from './framing';

/** The part of RTCDataChannel a framed channel uses (a fake one in tests). */
export type ChannelLike = Pick<
	RTCDataChannel,
	| 'readyState'
	| 'bufferedAmount'
	| 'bufferedAmountLowThreshold'
	| 'addEventListener'
	| 'removeEventListener'
> & { send(data: Uint8Array<ArrayBuffer>): void };

/** Sending pauses while more than this is queued in the channel... */
export const HIGH_WATER = 1024 * 1024;
/** ...and goes on once it has drained below this. */
export const LOW_WATER = 256 * 1024;

/** Thrown by `send` once the channel closed. */
export class ChannelClosedError extends Error {
	constructor() {
		super('The data channel closed');
		this.name = 'ChannelClosedError';
	}
}

/** Resolves when the channel can take more (rejects once it closes). */
export function drained(channel: ChannelLike, highWater = HIGH_WATER): Promise<void> {
	if (channel.readyState !== 'open') return Promise.reject(new ChannelClosedError());
	if (channel.bufferedAmount <= highWater) return Promise.resolve();
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
		channel.bufferedAmountLowThreshold = LOW_WATER;
		channel.addEventListener('message', this.#onFrame);
	}

	/** The channel underneath. */
	get channel(): ChannelLike {
		return this.#channel;
	}

	/** Sends one message after those sent before it; rejects if the channel closes first. */
	send(message: Uint8Array): Promise<void> {
		const id = this.#nextId++ >>> 0;
		const sent = this.#sending.then(async () => {
			for await (const frame of toFrames(message, id, this.#key)) {
				await drained(this.#channel);
				this.#channel.send(frame);
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
