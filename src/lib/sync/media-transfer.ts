import { hex } from '@scure/base';
import {
	DATA_PAYLOAD,
	dataSealer,
	FrameError,
	openFrame,
	sendable,
	type Frame
} from './media-frames';
import { createFileHasher } from '$lib/media/file-hash';
import { drained, waterFor, type Water } from './peer/framed-channel';

/**
 * Media on demand over a share's media channel (flow 1, for files too large for the document).
 * The learner serves the files its share shows; the coach fetches one at a time, stores each
 * chunk as soon as its SHA-256 matches the manifest, and after a lost connection asks again from
 * the first chunk it lacks, so nothing already stored is sent twice.
 */

/** The part of RTCDataChannel this module uses. */
export type MediaChannel = Pick<
	RTCDataChannel,
	| 'readyState'
	| 'bufferedAmount'
	| 'bufferedAmountLowThreshold'
	| 'send'
	| 'addEventListener'
	| 'removeEventListener'
>;

/** The peers a fetch can ask: the open channels now, and those that open later. */
export interface MediaPeers {
	current(): MediaChannel[];
	onChannel(listener: (channel: MediaChannel) => void): () => void;
}

export interface Manifest {
	size: number;
	chunkSize: number;
	chunks: string[];
}

/** The learner's side: the files a share may send, and their chunks. */
export interface MediaSource {
	/** The manifest of a file this share shows, or null for any other file. */
	manifest(sha256: string): Promise<Manifest | null>;
	chunk(hash: string): Promise<Uint8Array>;
}

/** The coach's side: where chunks are kept. */
export interface MediaSink {
	has(hash: string): Promise<boolean>;
	read(hash: string): Promise<Uint8Array>;
	/** Keeps a verified chunk. The fetch never reads `bytes` again, so the sink may take them. */
	put(hash: string, bytes: Uint8Array): Promise<void>;
}

/** The learner sends at most this many chunks beyond the last one the coach has stored. */
const WINDOW = 2;
/** The media channel's water once warm (it starts as every channel does: `waterFor`). */
const MEDIA_WATER: Water = { high: 4 * 1024 * 1024, low: 1024 * 1024 };
/** Data frames sealed ahead of the one being sent. */
const SEAL_AHEAD = 8;

/**
 * Reads the channel's frames in order, while they are opened (decrypted) in parallel. A frame
 * that is not ours is dropped; any other error of `handle` goes to `onError`, and the frames
 * after it are still read.
 */
function onFrames(
	channel: MediaChannel,
	key: CryptoKey,
	handle: (frame: Frame) => void | Promise<void>,
	onError: (error: unknown) => void = () => {}
): { stop(): void; settled(): Promise<void> } {
	let queue = Promise.resolve();
	const listener = (event: MessageEvent) => {
		if (!(event.data instanceof ArrayBuffer)) return;
		const opened = openFrame(key, event.data);
		opened.catch(() => {});
		queue = queue.then(async () => {
			try {
				await handle(await opened);
			} catch (error) {
				if (!(error instanceof FrameError)) onError(error);
			}
		});
	};
	channel.addEventListener('message', listener);
	return {
		stop: () => channel.removeEventListener('message', listener),
		/** Resolves once every frame received so far has been handled. */
		settled: () => queue
	};
}

async function send(channel: MediaChannel, key: CryptoKey, frame: Frame): Promise<void> {
	const sealed = await sendable(key, frame);
	if (channel.readyState !== 'open') throw new ChannelClosed();
	channel.send(sealed);
}

class ChannelClosed extends Error {
	constructor() {
		super('The media channel closed');
		this.name = 'ChannelClosed';
	}
}

/**
 * Answers the coach on one channel: manifests for the files `source` allows, then their chunks,
 * one request at a time. Returns a function that stops serving.
 */
export function serveMedia(channel: MediaChannel, key: CryptoKey, source: MediaSource): () => void {
	/** File bytes this channel has sent. */
	let carried = 0;
	const manifests = new Map<number, Manifest>();
	let sending: { request: number; stop: boolean; acked: number; wake: () => void } | undefined;

	async function stream(request: number, manifest: Manifest, from: number) {
		const run = { request, stop: false, acked: from - 1, wake: () => {} };
		// A frame is sent before SEAL_AHEAD more are sealed (one slot spare).
		const sealData = dataSealer(key, SEAL_AHEAD + 1);
		if (sending) {
			sending.stop = true;
			sending.wake();
		}
		sending = run;
		try {
			for (let chunk = from; chunk < manifest.chunks.length && !run.stop; chunk++) {
				while (chunk - run.acked > WINDOW && !run.stop && channel.readyState === 'open')
					await new Promise<void>((resolve) => (run.wake = resolve));
				const bytes = await source.chunk(manifest.chunks[chunk]!);
				// Frames are sealed a few ahead of the one being sent, so the channel never waits on it.
				const seal = (offset: number) => {
					const sealed = sealData({
						t: 'data',
						request,
						chunk,
						offset,
						bytes: bytes.subarray(offset, offset + DATA_PAYLOAD)
					});
					sealed.catch(() => {});
					return sealed;
				};
				const ahead: Promise<Uint8Array<ArrayBuffer>>[] = [];
				let sealedTo = 0;
				for (let offset = 0; offset < bytes.byteLength && !run.stop; offset += DATA_PAYLOAD) {
					while (sealedTo < bytes.byteLength && sealedTo < offset + SEAL_AHEAD * DATA_PAYLOAD) {
						ahead.push(seal(sealedTo));
						sealedTo += DATA_PAYLOAD;
					}
					await drained(channel, waterFor(carried, MEDIA_WATER));
					const sealed = await ahead.shift()!;
					if (channel.readyState !== 'open') throw new ChannelClosed();
					channel.send(sealed);
					carried += Math.min(DATA_PAYLOAD, bytes.byteLength - offset);
				}
			}
		} catch {
			// The channel closed or the file went away; the coach will ask again.
		} finally {
			if (sending === run) sending = undefined;
		}
	}

	const closeWaiter = () => sending?.wake();
	channel.addEventListener('close', closeWaiter);
	const frames = onFrames(channel, key, async (frame) => {
		if (frame.t === 'want') {
			const manifest = await source.manifest(frame.sha256).catch(() => null);
			if (!manifest) return send(channel, key, { t: 'absent', request: frame.request });
			manifests.set(frame.request, manifest);
			// Only the latest few requests can still ask for chunks.
			for (const old of manifests.keys()) if (manifests.size > 8) manifests.delete(old);
			return send(channel, key, { t: 'manifest', request: frame.request, ...manifest });
		}
		if (frame.t === 'get') {
			const manifest = manifests.get(frame.request);
			if (!manifest) return send(channel, key, { t: 'absent', request: frame.request });
			void stream(frame.request, manifest, frame.from);
		}
		if (frame.t === 'ack' && sending?.request === frame.request) {
			sending.acked = Math.max(sending.acked, frame.chunk);
			sending.wake();
		}
		if (frame.t === 'cancel' && sending?.request === frame.request) {
			sending.stop = true;
			sending.wake();
		}
	});
	return () => {
		frames.stop();
		channel.removeEventListener('close', closeWaiter);
		if (sending) {
			sending.stop = true;
			sending.wake();
		}
	};
}

/** Where a fetch stands. */
export interface FetchProgress {
	phase: 'waiting' | 'checking' | 'receiving';
	/** Bytes stored so far. */
	done: number;
	total: number;
	/** Bytes that were already here when the transfer (re)started, if any. */
	resumedAt: number;
}

/** A fetch that cannot succeed: the learner's file does not match what the share says. */
export class MediaFetchError extends Error {
	/** The chunks stored before the mismatch showed, for the caller to discard. */
	stored: string[] = [];
	constructor(readonly reason: 'mismatch') {
		super(`Media transfer failed: ${reason}`);
		this.name = 'MediaFetchError';
	}
}

export interface FetchOptions {
	sha256: string;
	size: number;
	key: CryptoKey;
	peers: MediaPeers;
	sink: MediaSink;
	signal?: AbortSignal;
	onProgress?: (progress: FetchProgress) => void;
	/** A connection that sends nothing for this long is given up, and the fetch asks again. */
	stallMs?: number;
}

const randomRequest = () => crypto.getRandomValues(new Uint32Array(1))[0]!;

/**
 * Fetches a file from whichever peer has it, storing verified chunks as they arrive, resuming
 * after every lost connection until it is complete or `signal` aborts. Resolves with the
 * file's manifest once the whole file's SHA-256 is the one asked for.
 */
export async function fetchMedia(options: FetchOptions): Promise<Manifest> {
	const { sha256, size, key, peers, sink, signal, onProgress } = options;
	const stallMs = options.stallMs ?? 20_000;
	const hasher = await createFileHasher(size);
	let manifest: Manifest | undefined;
	/** Chunks before this one are stored and hashed. */
	let next = 0;
	let resumedAt = 0;
	const report = (phase: FetchProgress['phase']) =>
		onProgress?.({
			phase,
			done: manifest ? Math.min(next * manifest.chunkSize, size) : 0,
			total: size,
			resumedAt
		});
	const refused = new WeakSet<MediaChannel>();

	try {
		for (;;) {
			signal?.throwIfAborted();
			report('waiting');
			const channel = await nextChannel(peers, refused, signal);
			const outcome = await attempt(channel);
			if (outcome === 'absent') refused.add(channel);
			if (outcome === 'done') break;
		}
		if ((await hasher.digest()) !== sha256) throw new MediaFetchError('mismatch');
	} catch (error) {
		hasher.close();
		if (error instanceof MediaFetchError) error.stored = manifest?.chunks.slice(0, next) ?? [];
		throw error;
	}
	return manifest!;

	/** One request on one channel: 'done', 'absent' (this peer lacks it) or 'lost'. */
	function attempt(channel: MediaChannel): Promise<'done' | 'absent' | 'lost'> {
		const request = randomRequest();
		return new Promise((resolve, reject) => {
			let buffer: Uint8Array | undefined;
			let filled = 0;
			let stall: ReturnType<typeof setTimeout> | undefined;
			let finished = false;
			const finish = (outcome: 'done' | 'absent' | 'lost' | Error) => {
				if (finished) return;
				finished = true;
				clearTimeout(stall);
				frames.stop();
				channel.removeEventListener('close', lost);
				signal?.removeEventListener('abort', aborted);
				if (outcome !== 'done' && channel.readyState === 'open')
					void send(channel, key, { t: 'cancel', request }).catch(() => {});
				if (outcome instanceof Error) reject(outcome);
				else resolve(outcome);
			};
			// Frames that arrived before the line went down are still stored, then it asks again.
			const lost = () => void frames.settled().then(() => finish('lost'));
			const aborted = () => finish(signal!.reason instanceof Error ? signal!.reason : new Error());
			const awake = () => {
				clearTimeout(stall);
				stall = setTimeout(lost, stallMs);
			};
			const chunkLength = (m: Manifest, index: number) =>
				Math.min(m.chunkSize, m.size - index * m.chunkSize);

			/** Skips (and hashes) the chunks already here, then asks for the rest. */
			const askFrom = async (m: Manifest) => {
				clearTimeout(stall);
				report('checking');
				while (next < m.chunks.length && (await sink.has(m.chunks[next]!))) {
					const bytes = await sink.read(m.chunks[next]!);
					if (finished) return;
					await hasher.update(bytes);
					next++;
					report('checking');
				}
				if (finished) return;
				if (next === m.chunks.length) return finish('done');
				if (next > 0) resumedAt = Math.min(next * m.chunkSize, size);
				buffer = new Uint8Array(chunkLength(m, next));
				filled = 0;
				report('receiving');
				awake();
				await send(channel, key, { t: 'get', request, from: next });
			};

			const frames = onFrames(
				channel,
				key,
				async (frame) => {
					if (frame.request !== request || finished) return;
					awake();
					if (frame.t === 'absent') return finish('absent');
					if (frame.t === 'manifest') {
						const { t: _t, request: _r, ...received } = frame;
						if (received.size !== size) return finish(new MediaFetchError('mismatch'));
						if (manifest && manifest.chunks.join() !== received.chunks.join())
							return finish(new MediaFetchError('mismatch'));
						manifest = received;
						return askFrom(received);
					}
					if (frame.t !== 'data' || !manifest || !buffer) return;
					if (frame.chunk !== next || frame.offset !== filled) return finish('lost');
					if (filled + frame.bytes.byteLength > buffer.byteLength)
						return finish(new MediaFetchError('mismatch'));
					buffer.set(frame.bytes, filled);
					filled += frame.bytes.byteLength;
					if (filled < buffer.byteLength) return;
					const hash = hex.encode(
						new Uint8Array(await crypto.subtle.digest('SHA-256', buffer as BufferSource))
					);
					if (finished) return;
					if (hash !== manifest.chunks[next]) return finish(new MediaFetchError('mismatch'));
					// Hashed before the sink takes the bytes. A put that fails ends the whole fetch, so
					// the hash only ever runs ahead of `next` when nothing reads it again.
					await hasher.update(buffer);
					await sink.put(hash, buffer);
					next++;
					if (finished) return;
					void send(channel, key, { t: 'ack', request, chunk: next - 1 }).catch(() => {});
					report('receiving');
					if (next === manifest.chunks.length) return finish('done');
					buffer = new Uint8Array(chunkLength(manifest, next));
					filled = 0;
				},
				// A chunk that cannot be stored (a full disk) ends the fetch with that error.
				(error) => finish(error instanceof Error ? error : new Error(String(error)))
			);
			channel.addEventListener('close', lost);
			signal?.addEventListener('abort', aborted);
			awake();
			// Every connection starts with the manifest: the learner only sends what it announced.
			send(channel, key, { t: 'want', request, sha256 }).catch((error: unknown) =>
				finish(error instanceof ChannelClosed ? 'lost' : (error as Error))
			);
		});
	}
}

/** The first open channel not in `refused`, now or once one opens. */
function nextChannel(
	peers: MediaPeers,
	refused: WeakSet<MediaChannel>,
	signal?: AbortSignal
): Promise<MediaChannel> {
	const usable = (channel: MediaChannel) => channel.readyState === 'open' && !refused.has(channel);
	const ready = peers.current().find(usable);
	if (ready) return Promise.resolve(ready);
	return new Promise((resolve, reject) => {
		const stop = peers.onChannel((channel) => {
			if (!usable(channel)) return;
			stop();
			signal?.removeEventListener('abort', aborted);
			resolve(channel);
		});
		const aborted = () => {
			stop();
			reject(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
		};
		signal?.addEventListener('abort', aborted, { once: true });
	});
}
