import { describe, expect, it } from 'vitest';
import { holdLine } from '$lib/testing/held-line';
import { deflate, FRAME_BYTES, HEADER_BYTES, Reassembler, toFrames } from './framing';
import { DEFLATE_SYNC_FROM, travelsDeflated } from './peer';
import {
	FramedChannel,
	FULL_WATER,
	START_WATER,
	WARM_BYTES,
	type ChannelLike
} from './framed-channel';

const newKey = () =>
	crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

/** A message whose bytes depend on their position, so a misplaced frame shows. */
function message(size: number): Uint8Array {
	const bytes = new Uint8Array(size);
	for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
	return bytes;
}

async function framesOf(bytes: Uint8Array, id: number, key?: CryptoKey, deflated = false) {
	const out: Uint8Array[] = [];
	for await (const frame of toFrames(bytes, id, key, { deflated })) out.push(frame);
	return out;
}

/** JSON text like a share's first sync: it deflates to a fraction. */
function jsonText(size: number): Uint8Array {
	const items: string[] = [];
	for (let i = 0, length = 0; length < size; i++) {
		items.push(JSON.stringify({ id: `e${i}`, title: `Evidence ${i}`, body: 'What I did.' }));
		length += items[i]!.length + 1;
	}
	return new TextEncoder().encode(`[${items.join(',')}]`).subarray(0, size);
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** Feeds frames in; returns the messages that came out. */
async function feed(reader: Reassembler, frames: Uint8Array[]) {
	const out: Uint8Array[] = [];
	for (const frame of frames) {
		const whole = await reader.push(frame);
		if (whole) out.push(whole);
	}
	return out;
}

describe('framing', () => {
	for (const [name, size] of [
		['1 byte', 1],
		['an empty message', 0],
		['256 KiB', 256 * 1024],
		['5 MB', 5_000_000]
	] as const)
		it(`round-trips ${name}, sealed, in frames no larger than ${FRAME_BYTES} bytes`, async () => {
			const key = await newKey();
			const sent = message(size);
			const frames = await framesOf(sent, 7, key);
			expect(Math.max(...frames.map((f) => f.byteLength))).toBeLessThanOrEqual(FRAME_BYTES);
			const [received, ...more] = await feed(new Reassembler({ key }), frames);
			expect(more).toEqual([]);
			expect(received!.byteLength).toBe(size);
			expect(Buffer.from(received!).equals(Buffer.from(sent))).toBe(true);
		});

	it('drops a message with a truncated frame, and reads the next one', async () => {
		const key = await newKey();
		const frames = await framesOf(message(200_000), 1, key);
		frames[1] = frames[1]!.subarray(0, frames[1]!.byteLength - 10);
		const next = await framesOf(message(10), 2, key);
		const reader = new Reassembler({ key });
		const out = await feed(reader, [...frames, ...next]);
		expect(out.map((m) => m.byteLength)).toEqual([10]);
		expect(reader.dropped).toBeGreaterThan(0);
	});

	it('drops reordered frames', async () => {
		const frames = await framesOf(message(200_000), 1);
		[frames[1], frames[2]] = [frames[2]!, frames[1]!];
		expect(await feed(new Reassembler(), frames)).toEqual([]);
	});

	it('drops frames sealed with another key', async () => {
		const frames = await framesOf(message(1000), 1, await newKey());
		expect(await feed(new Reassembler({ key: await newKey() }), frames)).toEqual([]);
	});

	it('drops frames whose header was changed (it is authenticated)', async () => {
		const key = await newKey();
		const [frame] = await framesOf(message(1000), 1, key);
		frame![4]! ^= 1;
		expect(await feed(new Reassembler({ key }), [frame!])).toEqual([]);
	});

	it('drops a frame that declares a message larger than allowed, without allocating it', async () => {
		const [frame] = await framesOf(message(1000), 1);
		new DataView(frame!.buffer).setUint32(13, 0xffffffff);
		const reader = new Reassembler({ maxMessageBytes: 10_000_000 });
		expect(await feed(reader, [frame!])).toEqual([]);
		const big = await framesOf(message(20_000), 2);
		expect(await feed(new Reassembler({ maxMessageBytes: 10_000 }), big)).toEqual([]);
	});

	it('inflates a deflated message, sent in a fraction of the frames', async () => {
		const key = await newKey();
		for (const size of [1, 256 * 1024, 5_000_000]) {
			const sent = jsonText(size);
			const deflated = await framesOf(await deflate(sent), 4, key, true);
			const plain = await framesOf(sent, 5, key);
			const [received, ...more] = await feed(new Reassembler({ key }), [...deflated, ...plain]);
			expect(same(received!, sent), `${size} bytes`).toBe(true);
			expect(same(more[0]!, sent)).toBe(true);
			if (size > FRAME_BYTES) expect(deflated.length).toBeLessThan(plain.length / 4);
		}
	});

	it('drops a message that inflates beyond the largest allowed, or does not inflate', async () => {
		const zeros = new Uint8Array(1_000_000);
		const bomb = await framesOf(await deflate(zeros), 1, undefined, true);
		expect(bomb.length).toBe(1);
		// The control: with room for it, the same frames give the whole megabyte.
		const [whole] = await feed(new Reassembler({ maxMessageBytes: 2_000_000 }), bomb);
		expect(whole!.byteLength).toBe(1_000_000);
		const reader = new Reassembler({ maxMessageBytes: 100_000 });
		expect(await feed(reader, bomb)).toEqual([]);
		// Bytes that are no DEFLATE stream, marked as deflated.
		expect(await feed(reader, await framesOf(message(5_000), 2, undefined, true))).toEqual([]);
		expect(reader.dropped).toBe(2);
		// The reader goes on with the next message.
		expect(await feed(reader, await framesOf(message(10), 3))).toHaveLength(1);
	});

	it('drops a message whose frames change between plain and deflated', async () => {
		const sent = message(200_000);
		const frames = await framesOf(sent, 1);
		frames[1]![0] = 2;
		expect(await feed(new Reassembler(), frames)).toEqual([]);
		// The control: the same frames, unchanged, give the message.
		frames[1]![0] = 1;
		expect(await feed(new Reassembler(), frames)).toHaveLength(1);
	});

	it('deflates only sync messages, only large ones, only to a peer that inflates', () => {
		expect(travelsDeflated('sync', DEFLATE_SYNC_FROM, true)).toBe(true);
		expect(travelsDeflated('sync', DEFLATE_SYNC_FROM - 1, true)).toBe(false);
		expect(travelsDeflated('sync', DEFLATE_SYNC_FROM, false)).toBe(false);
		// Device messages on the data channel are deflated by their own session (devices/wire.ts).
		expect(travelsDeflated('data', DEFLATE_SYNC_FROM, true)).toBe(false);
	});

	it('drops garbage of every short length and a last frame that falls short', async () => {
		const reader = new Reassembler();
		for (let length = 0; length <= HEADER_BYTES + 1; length++)
			expect(await reader.push(new Uint8Array(length).fill(1))).toBeNull();
		const [frame] = await framesOf(message(1000), 3);
		new DataView(frame!.buffer).setUint32(13, 2000);
		expect(await feed(reader, [frame!])).toEqual([]);
	});
});

/** Two fake channels joined together; what is sent stays "buffered" until delivered. */
function channelPair() {
	const make = () => {
		const target = new EventTarget();
		return Object.assign(target, {
			readyState: 'open' as RTCDataChannelState,
			bufferedAmount: 0,
			bufferedAmountLowThreshold: 0,
			peak: 0,
			send(data: Uint8Array<ArrayBuffer>) {
				this.bufferedAmount += data.byteLength;
				this.peak = Math.max(this.peak, this.bufferedAmount);
				setTimeout(() => {
					const before = this.bufferedAmount;
					this.bufferedAmount -= data.byteLength;
					const low = this.bufferedAmountLowThreshold;
					if (before > low && this.bufferedAmount <= low)
						target.dispatchEvent(new Event('bufferedamountlow'));
					other.dispatchEvent(new MessageEvent('message', { data: data.buffer }));
				});
			}
		});
	};
	const one = make();
	const other = make();
	return [one, other] as const;
}

describe('framed channel', () => {
	it('delivers 5 MB and small messages in order without overfilling the buffer', async () => {
		const key = await newKey();
		const [a, b] = channelPair();
		const sender = new FramedChannel(a as unknown as ChannelLike, { key });
		const receiver = new FramedChannel(b as unknown as ChannelLike, { key });
		const received: number[] = [];
		const all = new Promise<void>((resolve) =>
			receiver.onMessage((m) => {
				received.push(m.byteLength);
				if (received.length === 3) resolve();
			})
		);
		await Promise.all([
			sender.send(message(5_000_000)),
			sender.send(message(1)),
			sender.send(message(300_000))
		]);
		await all;
		expect(received).toEqual([5_000_000, 1, 300_000]);
		// A channel that has carried little queues little (more would make Chromium's SCTP stall).
		expect(a.peak).toBeGreaterThan(0);
		expect(a.peak).toBeLessThanOrEqual(START_WATER.high + FRAME_BYTES);
	});

	it('queues little until the channel has carried 16 MiB, then up to its full water', async () => {
		const line = Object.assign(new EventTarget(), {
			readyState: 'open' as RTCDataChannelState,
			bufferedAmount: 0,
			bufferedAmountLowThreshold: 0,
			send: (_data: Uint8Array<ArrayBuffer>) => {}
		});
		const held = holdLine(line);
		try {
			await new FramedChannel(line as unknown as ChannelLike).send(message(WARM_BYTES + 4_000_000));
		} finally {
			held.stop();
		}
		const { fresh, warm } = held.largest(WARM_BYTES);
		expect(fresh).toBeGreaterThan(START_WATER.high);
		expect(fresh).toBeLessThanOrEqual(START_WATER.high + FRAME_BYTES);
		// The control: later the queue does grow, as far as the full water.
		expect(warm).toBeGreaterThan(START_WATER.high + FRAME_BYTES);
		expect(warm).toBeLessThanOrEqual(FULL_WATER.high + FRAME_BYTES);
	});

	it('deflates a message when asked, and the reader inflates it', async () => {
		const [a, b] = channelPair();
		const receiver = new FramedChannel(b as unknown as ChannelLike);
		const sent = jsonText(1_000_000);
		const arrived = new Promise<Uint8Array>((resolve) => receiver.onMessage(resolve));
		await new FramedChannel(a as unknown as ChannelLike).send(sent, { deflated: true });
		expect(same(await arrived, sent)).toBe(true);
		// A tenth of the bytes queued, at most (a plain megabyte would queue well over that).
		expect(a.peak).toBeLessThan(sent.byteLength / 10);
	});

	it('rejects a send once the channel closed', async () => {
		const [a] = channelPair();
		a.readyState = 'closed';
		await expect(new FramedChannel(a as unknown as ChannelLike).send(message(5))).rejects.toThrow(
			'closed'
		);
	});
});
