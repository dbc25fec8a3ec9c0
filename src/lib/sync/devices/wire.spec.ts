import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, MAX_MESSAGE_BYTES } from '$lib/domain/devices/protocol';
import { deflateMessage, inflateMessage, isDeflated, wireDeflates } from './wire';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** An ops message of about 1 MB, as a first sync sends them. */
function opsMessage(): Uint8Array {
	const ops = Array.from({ length: 5000 }, (_, i) => ({
		device: ID,
		seq: i + 1,
		hlc: `0000018c2a3b${String(i).padStart(4, '0')}-0000-${ID}`,
		table: 'evidence',
		key: `evidence-${i}`,
		field: i % 2 ? 'title' : 'description',
		value: `What I learned on day ${i}: ${'notes '.repeat(i % 20)}`,
		parents: []
	}));
	return encodeMessage({ t: 'ops', batch: 1, ops, more: false, total: ops.length });
}

describe('deflated messages', () => {
	it('this platform deflates', () => {
		expect(wireDeflates).toBe(true);
	});

	it('round-trips a batch of ops in a fraction of its bytes, marked as deflated', async () => {
		const bytes = opsMessage();
		expect(isDeflated(bytes)).toBe(false);
		const deflated = await deflateMessage(bytes);
		expect(isDeflated(deflated)).toBe(true);
		expect(deflated.byteLength).toBeLessThan(bytes.byteLength / 5);
		const inflated = await inflateMessage(deflated, MAX_MESSAGE_BYTES);
		const text = (b: Uint8Array | null) => b && new TextDecoder().decode(b);
		expect(text(inflated)).toBe(text(bytes));
		expect(decodeMessage(inflated!)).not.toBeNull();
	});

	it('refuses, without throwing, what does not inflate or would inflate beyond the limit', async () => {
		const deflated = await deflateMessage(opsMessage());
		// Positive control: within its limit it inflates.
		expect(await inflateMessage(deflated, MAX_MESSAGE_BYTES)).not.toBeNull();
		expect(await inflateMessage(deflated, 100_000)).toBeNull();
		// 64 MB of zeros in a few kilobytes: read up to the limit, then dropped.
		const bomb = await deflateMessage(new Uint8Array(64 * 1024 * 1024));
		expect(bomb.byteLength).toBeLessThan(200_000);
		expect(await inflateMessage(bomb, MAX_MESSAGE_BYTES)).toBeNull();
		expect(
			await inflateMessage(deflated.subarray(0, deflated.byteLength / 2), MAX_MESSAGE_BYTES)
		).toBeNull();
		expect(
			await inflateMessage(new Uint8Array([0, 0xff, 0xfe, 0x12, 0x34]), MAX_MESSAGE_BYTES)
		).toBeNull();
	});
});
