import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import { MAX_VALUE_BYTES, readOp, type SyncOp } from './op';

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
		['$deleted that is not a boolean', { ...good, field: '$deleted', value: 'yes' }],
		['a value over the size limit', { ...good, value: 'x'.repeat(MAX_VALUE_BYTES) }],
		['a value that is not plain data', { ...good, value: new Date() }],
		['an unknown property', { ...good, extra: 1 }]
	])('refuses %s, with a reason', (_name, raw) => {
		const result = readOp(raw);
		expect(result).not.toHaveProperty('op');
		expect((result as { reason: string }).reason.length).toBeGreaterThan(3);
	});
});
