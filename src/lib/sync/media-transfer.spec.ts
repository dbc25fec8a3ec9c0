import { hex } from '@scure/base';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { chunkBytes, CHUNK_SIZE, fileManifest, StorageFullError, storeChunks } from '$lib/db/files';
import { db } from '$lib/db/koers-db';
import { holdLine } from '$lib/testing/held-line';
import {
	DATA_PAYLOAD,
	dataSealer,
	decodeFrame,
	FRAME_BYTES,
	encodeFrame,
	FrameError,
	openFrame,
	sealFrame,
	type Frame
} from './media-frames';
import {
	fetchMedia,
	MediaFetchError,
	serveMedia,
	type FetchOptions,
	type FetchProgress,
	type MediaChannel,
	type MediaPeers,
	type MediaSink,
	type MediaSource
} from './media-transfer';
import { mediaKey, randomSecret } from './sealed';

/**
 * One end of an in-process channel pair with RTCDataChannel's ordered, reliable delivery. The
 * real channel runs in the e2e test (two browser contexts); this one lets a test cut the line.
 */
class End extends EventTarget {
	readyState: RTCDataChannelState = 'open';
	bufferedAmount = 0;
	bufferedAmountLowThreshold = 0;
	other!: End;
	/** Sealed frames sent from this end. */
	sent = 0;
	/** Cut the line after this many frames from this end. */
	cutAfter = Infinity;

	send(data: Uint8Array<ArrayBuffer>): void {
		if (this.readyState !== 'open') throw new Error('closed');
		this.sent++;
		if (this.sent > this.cutAfter) return this.close();
		const copy = data.slice().buffer;
		setTimeout(() => {
			if (this.other.readyState === 'open')
				this.other.dispatchEvent(new MessageEvent('message', { data: copy }));
		});
	}

	/** Closes this end now, and the other after the messages already on their way (in order). */
	close(): void {
		const shut = (end: End) => {
			if (end.readyState === 'closed') return;
			end.readyState = 'closed';
			end.dispatchEvent(new Event('close'));
		};
		shut(this);
		setTimeout(() => shut(this.other));
	}
}

function pair(): [End, End] {
	const a = new End();
	const b = new End();
	a.other = b;
	b.other = a;
	return [a, b];
}

const asChannel = (end: End) => end as unknown as MediaChannel;

/** The coach's peers: channels are added by the test as "connections" come and go. */
function peersOf() {
	const open: End[] = [];
	const listeners = new Set<(channel: MediaChannel) => void>();
	const peers: MediaPeers = {
		current: () => open.filter((end) => end.readyState === 'open').map(asChannel),
		onChannel(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
	const connect = (end: End) => {
		open.push(end);
		for (const listener of listeners) listener(asChannel(end));
	};
	return { peers, connect };
}

/** The coach's chunk store, kept apart from the learner's database. */
function memorySink(): MediaSink & { chunks: Map<string, Uint8Array> } {
	const chunks = new Map<string, Uint8Array>();
	return {
		chunks,
		has: async (hash) => chunks.has(hash),
		read: async (hash) => chunks.get(hash)!,
		// It takes the bytes as the real sink does (moved to a worker): the fetch must not read them again.
		put: async (hash, bytes) =>
			void chunks.set(hash, structuredClone(bytes, { transfer: [bytes.buffer] }))
	};
}

function randomBytes(size: number, seed: number): Uint8Array {
	const bytes = new Uint8Array(size);
	let x = seed;
	for (let i = 0; i < size; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		bytes[i] = x >>> 24;
	}
	return bytes;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
	return hex.encode(new Uint8Array(digest));
}

/** The learner's source over the real chunk store, allowing only `allowed`. */
const sourceFor = (allowed: string[]): MediaSource => ({
	manifest: async (sha256) => (allowed.includes(sha256) ? fileManifest(sha256) : null),
	chunk: chunkBytes
});

/** A learner serving `source` on a fresh line to a coach, under a new share key. */
async function connected(source: MediaSource) {
	const key = await mediaKey(randomSecret());
	const [learner, coach] = pair();
	serveMedia(asChannel(learner), key, source);
	const { peers, connect } = peersOf();
	connect(coach);
	return { key, learner, peers, connect, sink: memorySink() };
}

/** Starts a fetch and keeps every progress report it makes. */
function tracked(options: Omit<FetchOptions, 'onProgress'>) {
	const progress: FetchProgress[] = [];
	const fetching = fetchMedia({ ...options, onProgress: (p) => progress.push(p) });
	return { fetching, progress };
}

beforeEach(async () => {
	await db.delete();
	await db.open();
});

describe('media frames', () => {
	const hash = 'ab'.repeat(32);

	it('read back what they wrote, for every kind', () => {
		const frames: Frame[] = [
			{ t: 'want', request: 7, sha256: hash },
			{
				t: 'manifest',
				request: 7,
				size: 9_000_000,
				chunkSize: CHUNK_SIZE,
				chunks: [hash, hash, hash]
			},
			{ t: 'get', request: 7, from: 2 },
			{ t: 'data', request: 7, chunk: 2, offset: 65_000, bytes: new Uint8Array([1, 2, 3]) },
			{ t: 'ack', request: 7, chunk: 1 },
			{ t: 'absent', request: 7 },
			{ t: 'cancel', request: 4_000_000_000 }
		];
		for (const frame of frames) expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
	});

	it('refuse frames that are short, of unknown kind, or whose manifest does not add up', () => {
		const manifest = encodeFrame({
			t: 'manifest',
			request: 1,
			size: 10,
			chunkSize: 4,
			chunks: [hash, hash, hash]
		});
		expect(() => decodeFrame(new Uint8Array([1, 0, 0]))).toThrow(FrameError);
		expect(() => decodeFrame(new Uint8Array([99, 0, 0, 0, 1]))).toThrow(FrameError);
		expect(() => decodeFrame(manifest.subarray(0, manifest.length - 1))).toThrow(FrameError);
		const lying = manifest.slice();
		new DataView(lying.buffer).setFloat64(5, 100); // 100 bytes cannot be 3 chunks of 4
		expect(() => decodeFrame(lying)).toThrow(FrameError);
		expect(() =>
			encodeFrame({
				t: 'data',
				request: 1,
				chunk: 0,
				offset: 0,
				bytes: new Uint8Array(DATA_PAYLOAD + 1)
			})
		).toThrow(FrameError);
	});

	it('are sealed: another share cannot open them and a changed byte is refused', async () => {
		const key = await mediaKey(randomSecret());
		const sealed = await sealFrame(key, encodeFrame({ t: 'get', request: 3, from: 1 }));
		expect(await openFrame(key, sealed)).toEqual({ t: 'get', request: 3, from: 1 });
		await expect(openFrame(await mediaKey(randomSecret()), sealed)).rejects.toThrow(FrameError);
		const changed = sealed.slice();
		changed[20]! ^= 1;
		await expect(openFrame(key, changed)).rejects.toThrow(FrameError);
	});
});

describe('the data sealer', () => {
	const frame = (chunk: number, fill: number, length = DATA_PAYLOAD) => ({
		t: 'data' as const,
		request: 7,
		chunk,
		offset: chunk * 10,
		bytes: new Uint8Array(length).fill(fill)
	});

	it('seals frames that open as sendable’s do, while the next ones are being sealed', async () => {
		const key = await mediaKey(randomSecret());
		const seal = dataSealer(key, 3);
		// All three at once: each must be encrypted from its own bytes, though they share a scratch.
		const frames = [frame(0, 1), frame(1, 2, 5), frame(2, 3)];
		const sealed = (await Promise.all(frames.map(seal))).map((bytes) => bytes.slice());
		for (const [i, bytes] of sealed.entries())
			expect(await openFrame(key, bytes)).toEqual(frames[i]);
		expect(sealed[0]!.byteLength).toBe(FRAME_BYTES);
		expect(sealed[1]!.byteLength).toBe(12 + 13 + 5 + 16);
		// Each has its own random IV.
		expect(new Set(sealed.map((bytes) => hex.encode(bytes.subarray(0, 12)))).size).toBe(3);
	});

	it('uses its slots in turn, so a frame stays intact until that many more are sealed', async () => {
		const key = await mediaKey(randomSecret());
		const seal = dataSealer(key, 2);
		const first = await seal(frame(0, 1));
		await seal(frame(1, 2));
		expect(await openFrame(key, first)).toEqual(frame(0, 1));
		await seal(frame(2, 3));
		// The first slot now holds the third frame.
		expect(await openFrame(key, first)).toEqual(frame(2, 3));
	});

	it('refuses a frame larger than a data frame carries', async () => {
		const seal = dataSealer(await mediaKey(randomSecret()), 2);
		await expect(seal(frame(0, 1, DATA_PAYLOAD + 1))).rejects.toThrow(FrameError);
	});
});

describe('media transfer', () => {
	/** A stored file of three chunks, the last one short. */
	async function storedFile(size = 2 * CHUNK_SIZE + 123_457) {
		const bytes = randomBytes(size, 42);
		const record = await storeChunks(
			'fixture',
			new Blob([bytes as BlobPart], { type: 'video/webm' })
		);
		await db.files.add(record);
		return { record, sha256: await sha256Hex(bytes) };
	}

	it('sends a file in verified chunks that add up to the same SHA-256', async () => {
		const { record, sha256 } = await storedFile();
		expect(record.sha256).toBe(sha256);
		const { key, learner, peers, sink } = await connected(sourceFor([sha256]));
		const { fetching, progress } = tracked({
			sha256,
			size: record.size,
			key,
			peers,
			sink
		});
		const manifest = await fetching;
		expect(manifest.chunks).toEqual(record.chunks);
		const whole = new Blob(manifest.chunks.map((h) => sink.chunks.get(h)! as BlobPart));
		expect(await sha256Hex(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256);
		expect(progress.at(-1)).toMatchObject({ done: record.size, total: record.size, resumedAt: 0 });
		// 64 KiB frames: about 64 per 4 MiB chunk, and no chunk was sent twice.
		expect(learner.sent).toBeLessThan(Math.ceil(record.size / DATA_PAYLOAD) + 5);
	});

	it('resumes after a lost connection from the first chunk it lacks', async () => {
		const { record, sha256 } = await storedFile();
		const key = await mediaKey(randomSecret());
		const { peers, connect } = peersOf();
		const sink = memorySink();
		const [learner1, coach1] = pair();
		// The line drops in the middle of the second chunk.
		learner1.cutAfter = 1 + Math.ceil(CHUNK_SIZE / DATA_PAYLOAD) + 10;
		serveMedia(asChannel(learner1), key, sourceFor([sha256]));
		connect(coach1);
		const { fetching, progress } = tracked({
			sha256,
			size: record.size,
			key,
			peers,
			sink
		});
		await expect
			.poll(() => learner1.readyState === 'closed' && progress.at(-1)?.phase)
			.toBe('waiting');
		expect(sink.chunks.size).toBe(1);

		// The learner comes back online: a new connection.
		const [learner2, coach2] = pair();
		serveMedia(asChannel(learner2), key, sourceFor([sha256]));
		connect(coach2);
		await fetching;
		expect(progress.at(-1)).toMatchObject({ done: record.size, resumedAt: CHUNK_SIZE });
		// The second connection carried the manifest and the last two chunks only.
		const twoChunks = Math.ceil(CHUNK_SIZE / DATA_PAYLOAD) + Math.ceil(123_457 / DATA_PAYLOAD);
		expect(learner2.sent).toBe(1 + twoChunks);
		const whole = new Blob(record.chunks.map((h) => sink.chunks.get(h)! as BlobPart));
		expect(await sha256Hex(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256);
	});

	it('resumes from chunks kept by an earlier visit, hashing them again', async () => {
		const { record, sha256 } = await storedFile();
		const { key, peers, sink } = await connected(sourceFor([sha256]));
		sink.chunks.set(record.chunks[0]!, await chunkBytes(record.chunks[0]!));
		const { fetching, progress } = tracked({
			sha256,
			size: record.size,
			key,
			peers,
			sink
		});
		await fetching;
		expect(progress.at(-1)?.resumedAt).toBe(CHUNK_SIZE);
	});

	it('keeps the sender at most two chunks ahead of what the coach has stored', async () => {
		const { record, sha256 } = await storedFile(5 * CHUNK_SIZE);
		const { key, learner, peers, sink } = await connected(sourceFor([sha256]));
		let release!: () => void;
		const stuck = new Promise<void>((resolve) => (release = resolve));
		const put = sink.put;
		sink.put = async (hash, bytes) => {
			await stuck;
			return put(hash, bytes);
		};
		const fetching = fetchMedia({ sha256, size: record.size, key, peers, sink });
		const perChunk = Math.ceil(CHUNK_SIZE / DATA_PAYLOAD);
		// The window lets the manifest and chunks 0 and 1 go out while chunk 0 waits to be stored…
		await vi.waitFor(() => expect(learner.sent).toBeGreaterThanOrEqual(1 + 2 * perChunk));
		// …then everything already queued gets its turns, so a sender that ran ahead would show.
		for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
		// Chunks 0, 1 and 2 may be on their way while chunk 0 waits to be stored; not chunk 3.
		expect(learner.sent).toBeLessThanOrEqual(1 + 3 * perChunk);
		release();
		await fetching;
		expect(sink.chunks.size).toBe(5);
	});

	it('queues little on a fresh channel, more once it has carried 16 MiB', async () => {
		// Several MiB queued on a connection that has carried little make Chromium's SCTP lose
		// packets and wait seconds for its retransmission timeouts (measured on loopback).
		const { record, sha256 } = await storedFile(6 * CHUNK_SIZE);
		const { key, learner, peers, sink } = await connected(sourceFor([sha256]));
		const held = holdLine(learner);
		try {
			await fetchMedia({ sha256, size: record.size, key, peers, sink });
		} finally {
			held.stop();
		}
		expect(sink.chunks.size).toBe(6);
		const MiB = 1024 * 1024;
		const { fresh, warm, sends } = held.largest(16 * MiB);
		expect(sends).toBeGreaterThan(300);
		expect(fresh).toBeLessThanOrEqual(256 * 1024 + FRAME_BYTES);
		// The control: later the queue does grow, as far as 4 MiB.
		expect(warm).toBeGreaterThan(MiB);
		expect(warm).toBeLessThanOrEqual(4 * MiB + FRAME_BYTES);
	});

	it('gets nothing the share does not show, and waits until cancelled', async () => {
		const { record, sha256 } = await storedFile(1000);
		const { key, peers, sink } = await connected(sourceFor([]));
		const controller = new AbortController();
		const { fetching, progress } = tracked({
			sha256,
			size: record.size,
			key,
			peers,
			sink,
			signal: controller.signal
		});
		await vi.waitFor(() => expect(progress.at(-1)?.phase).toBe('waiting'));
		controller.abort();
		await expect(fetching).rejects.toThrow();
		expect(sink.chunks.size).toBe(0);
	});

	it('refuses a file whose bytes are not the ones the share named', async () => {
		const { record } = await storedFile(1000);
		const key = await mediaKey(randomSecret());
		const named = 'cd'.repeat(32);
		const [learner, coach] = pair();
		// A learner's store that answers for the named hash with other bytes.
		serveMedia(asChannel(learner), key, {
			manifest: async (sha256) => (sha256 === named ? fileManifest(record.sha256) : null),
			chunk: chunkBytes
		});
		const { peers, connect } = peersOf();
		connect(coach);
		await expect(
			fetchMedia({ sha256: named, size: record.size, key, peers, sink: memorySink() })
		).rejects.toBeInstanceOf(MediaFetchError);
	});

	it('stops with the storage error when the coach’s device is full, instead of hanging', async () => {
		const { record, sha256 } = await storedFile();
		const { key, peers, sink } = await connected(sourceFor([sha256]));
		sink.put = async () => {
			throw new StorageFullError();
		};
		await expect(
			fetchMedia({ sha256, size: record.size, key, peers, sink })
		).rejects.toBeInstanceOf(StorageFullError);
	});
});
