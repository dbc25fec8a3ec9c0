import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import { keepsOpRules, MAX_VALUE_BYTES, readOp, SyncOpSchema, type SyncOp } from './op';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const good: SyncOp = {
	device: A,
	seq: 3,
	hlc: encodeHlc({ ms: 1000, counter: 0 }, A),
	table: 'goals',
	key: 'goal-1',
	field: 'title',
	value: 'Lead a retrospective',
	parents: [encodeHlc({ ms: 900, counter: 0 }, B)]
};

describe('op shape', () => {
	it('takes a well-formed op, with or without a value (a removed field)', () => {
		expect(readOp(good)).toEqual({ op: good });
		const { value: _value, ...removed } = good;
		expect(readOp(removed)).toEqual({ op: removed });
		expect(readOp({ ...good, field: '$deleted', value: true, parents: [] })).toHaveProperty('op');
	});

	it.each([
		['not an object', 'goal'],
		['another device in the stamp', { ...good, hlc: encodeHlc({ ms: 1, counter: 0 }, B) }],
		['a device id of the wrong form', { ...good, device: 'short' }],
		['seq zero', { ...good, seq: 0 }],
		['seq not whole', { ...good, seq: 1.5 }],
		['a table that does not sync', { ...good, table: 'files' }],
		['an empty key', { ...good, key: '' }],
		['a huge key', { ...good, key: 'k'.repeat(201) }],
		['the key as a field', { ...good, field: 'id' }],
		['a field that is a path', { ...good, field: 'a.b' }],
		['a long field name', { ...good, field: 'f'.repeat(65) }],
		['nine parents', { ...good, parents: Array(9).fill(good.parents[0]) }],
		['a parent that is no stamp', { ...good, parents: ['yesterday'] }],
		// eslint-disable-next-line no-sparse-arrays
		['parents with a hole', { ...good, parents: [good.parents[0], , good.parents[0]] }],
		['$deleted that is not a boolean', { ...good, field: '$deleted', value: 'yes' }],
		['a value over the size limit', { ...good, value: 'x'.repeat(MAX_VALUE_BYTES) }],
		['a value that is not plain data', { ...good, value: new Date() }],
		['an unknown property', { ...good, extra: 1 }]
	])('refuses %s, with a reason', (_name, raw) => {
		expect(keepsOpRules(raw)).toBe(false);
		const result = readOp(raw);
		expect(result).not.toHaveProperty('op');
		expect((result as { reason: string }).reason.length).toBeGreaterThan(3);
	});

	it('takes by its written-out rules only what the schema takes', () => {
		const stamp = fc.oneof(
			fc.constant(good.hlc),
			fc.constant(good.parents[0]),
			fc.constant(encodeHlc({ ms: 5, counter: 1 }, A).toUpperCase()),
			fc.string({ maxLength: 50 })
		);
		const field = {
			device: fc.oneof(fc.constant(A), fc.constant(B), fc.string({ maxLength: 24 })),
			seq: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.constant(2 ** 53)),
			hlc: stamp,
			table: fc.constantFrom('goals', 'files', 'evidence', 'toString', ''),
			key: fc.oneof(
				fc.string({ maxLength: 3 }),
				fc.constant('k'.repeat(200)),
				fc.constant('k'.repeat(201))
			),
			field: fc.constantFrom(
				'title',
				'$deleted',
				'id',
				'a.b',
				'_x9',
				'9x',
				'f'.repeat(64),
				'f'.repeat(65)
			),
			value: fc.oneof(
				fc.jsonValue(),
				fc.boolean(),
				fc.constant(undefined),
				fc.constant(new Date(0)),
				fc.constant([1, () => 1]),
				fc.constant(Number.NaN)
			),
			parents: fc.array(stamp, { maxLength: 10 }),
			extra: fc.anything()
		};
		const op = fc.record(field, {
			requiredKeys: ['device', 'seq', 'hlc', 'table', 'key', 'field', 'parents']
		});
		// A good op with one property changed (or a value of any plain data).
		const nearlyGood = fc.oneof(
			fc.oneof(fc.string(), fc.jsonValue()).map((value) => ({ ...good, value })),
			...Object.entries(field).map(([name, arbitrary]) =>
				(arbitrary as fc.Arbitrary<unknown>).map((value) => ({ ...good, [name]: value }))
			)
		);
		let taken = 0;
		fc.assert(
			fc.property(fc.oneof(op, nearlyGood, fc.anything()), (raw) => {
				const fast = keepsOpRules(raw);
				const schema = v.safeParse(SyncOpSchema, raw);
				if (fast) {
					taken++;
					expect(schema.success).toBe(true);
					expect(schema.output).toEqual(raw);
				}
			}),
			{ numRuns: 3000 }
		);
		// The property held for ops taken, not only for refusals.
		expect(taken).toBeGreaterThan(50);
	});
});
