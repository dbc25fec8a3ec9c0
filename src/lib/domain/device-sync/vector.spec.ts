import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import type { SyncOp } from './op';
import { admit, holds, missingCount, vectorOf, type Marks } from './vector';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const stamp = (device: string, ms: number) => encodeHlc({ ms, counter: 0 }, device);
const op = (device: string, seq: number, parents: string[] = []): SyncOp => ({
	device,
	seq,
	hlc: stamp(device, seq * 10),
	table: 'goals',
	key: 'g',
	field: 'title',
	value: `${device}${seq}`,
	parents
});

describe('version vectors', () => {
	it('takes ops in contiguously per device and holds back a gap until it is filled', () => {
		const marks: Marks = {};
		const first = admit([op(A, 1), op(A, 3)], marks);
		expect(first.ready.map((o) => o.seq)).toEqual([1]);
		expect(first.waiting.map((o) => o.seq)).toEqual([3]);
		expect(vectorOf(marks)).toEqual({ [A]: 1 });
		const second = admit([op(A, 2), ...first.waiting], marks);
		expect(second.ready.map((o) => o.seq)).toEqual([2, 3]);
		expect(vectorOf(marks)).toEqual({ [A]: 3 });
	});

	it('holds an op until the ops it names are here, whatever the arrival order', () => {
		const marks: Marks = {};
		const child = op(B, 1, [stamp(A, 10)]);
		const early = admit([child], marks);
		expect(early.ready).toEqual([]);
		expect(early.waiting).toEqual([child]);
		const later = admit([child, op(A, 1)], marks);
		expect(later.ready.map((o) => `${o.device[0]}${o.seq}`)).toEqual(['A1', 'B1']);
		expect(holds(marks, stamp(A, 10))).toBe(true);
		expect(holds(marks, stamp(A, 20))).toBe(false);
	});

	it('skips repeats and refuses a stamp that does not move forward', () => {
		const marks: Marks = { [A]: { seq: 2, hlc: stamp(A, 20) } };
		const backwards = { ...op(A, 3), hlc: stamp(A, 15) };
		const result = admit([op(A, 1), op(A, 2), backwards, op(A, 4)], marks);
		expect(result.repeats.map((o) => o.seq)).toEqual([1, 2]);
		expect(result.badStamp).toEqual([backwards]);
		// The vector passes over the refused op, so the device's later ops still come in.
		expect(result.ready.map((o) => o.seq)).toEqual([4]);
		expect(vectorOf(marks)).toEqual({ [A]: 4 });
	});

	it('takes an op that comes twice in one batch once, in order or not', () => {
		for (const batch of [
			[op(A, 1), op(A, 1), op(A, 2), op(B, 1), op(B, 1)],
			[op(B, 1), op(A, 2), op(A, 1), op(B, 1), op(A, 1)]
		]) {
			const marks: Marks = {};
			const result = admit(batch, marks);
			expect(result.ready.map((o) => `${o.device[0]}${o.seq}`)).toEqual(['A1', 'A2', 'B1']);
			expect(result.repeats.map((o) => `${o.device[0]}${o.seq}`)).toEqual(['A1', 'B1']);
			expect(vectorOf(marks)).toEqual({ [A]: 2, [B]: 1 });
		}
	});

	it('counts what the other side lacks', () => {
		expect(missingCount({ [A]: 10, [B]: 3 }, { [A]: 4 })).toBe(9);
		expect(missingCount({ [A]: 10 }, { [A]: 12, [B]: 1 })).toBe(0);
	});
});
