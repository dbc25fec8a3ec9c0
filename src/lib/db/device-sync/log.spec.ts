import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncOpRecord } from '../koers-db';
import { loadLogCodec, opsOf, runsOf } from './log';

const device = 'A'.repeat(22);
const stamp = (ms: number, counter: number) =>
	`${ms.toString(16).padStart(16, '0')}-${counter.toString(16).padStart(4, '0')}-${device}`;

function op(seq: number, hlc: string, rest: Partial<SyncOpRecord>): SyncOpRecord {
	return { device, seq, hlc, table: 'goals', key: 'g1', field: 'title', parents: [], ...rest };
}

const ops: SyncOpRecord[] = [
	op(1, stamp(1000, 0), { field: 'title', value: 'Plan' }),
	op(2, stamp(1000, 1), { field: 'tags', value: ['a', 'b'] }),
	op(3, stamp(1000, 2), { field: 'reason' }),
	// Another ms, another record, a parent, the same key in another table, a refusal.
	op(4, stamp(1001, 0), { key: 'g2', field: 'title', value: 'Act', parents: [stamp(999, 3)] }),
	op(5, stamp(1001, 5), { table: 'evidence', key: 'g2', field: 'title', value: 'Proof' }),
	op(6, stamp(1001, 6), { table: 'evidence', key: 'e1', field: 'date', value: 1, refused: 'no' }),
	op(7, stamp(1001, 0xffff), { table: 'evidence', key: 'e1', field: 'body', value: '' }),
	op(8, stamp(1002, 0), { table: 'evidence', key: 'e1', field: '$deleted', value: true })
];

describe('the op log in runs', () => {
	beforeAll(() => loadLogCodec());

	it('reads back every op as written, whatever it shares with the op before it', () => {
		const runs = runsOf(ops);
		expect(runs).toHaveLength(1);
		expect(runs.flatMap(opsOf)).toEqual(ops);
	});

	it('stores what an op shares with the one before it once', () => {
		const [run] = runsOf(ops.slice(0, 3));
		expect(run!.ops.length).toBeLessThan(JSON.stringify(ops.slice(0, 3)).length / 2);
		expect((run!.ops as string).match(/goals/g)).toHaveLength(1);
	});

	it('stores a long run deflated, in a buffer of its own size, and reads it back; a short one as text', () => {
		const many = Array.from({ length: 256 }, (_, i) =>
			op(i + 1, stamp(2000, i), {
				table: 'evidence',
				key: `e${i >> 3}`,
				field: `f${i & 7}`,
				value: `What I did and learned, part ${i}.`
			})
		);
		const [long] = runsOf(many);
		expect(long!.ops).toBeInstanceOf(Uint8Array);
		const bytes = long!.ops as Uint8Array;
		expect(bytes.byteLength).toBe(bytes.buffer.byteLength);
		expect(bytes.byteLength).toBeLessThan(JSON.stringify(many).length / 8);
		expect(opsOf(long!)).toEqual(many);
		expect(typeof runsOf(ops.slice(0, 3))[0]!.ops).toBe('string');
	});

	it('reads runs stored before shared parts were left out', () => {
		const whole = ops.map((o) => {
			const packed: Record<string, unknown> = {
				h: o.hlc.slice(0, 21),
				t: o.table,
				k: o.key,
				f: o.field,
				p: o.parents
			};
			if (o.value !== undefined) packed.v = o.value;
			if (o.refused !== undefined) packed.r = o.refused;
			return packed;
		});
		const run = { device, seq: 1, last: ops.length, ops: JSON.stringify(whole) };
		expect(opsOf(run)).toEqual(ops);
	});
});
