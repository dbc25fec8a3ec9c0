import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeEdit, sameValue } from './merge';

const base = { title: 'Plan', description: 'old', tags: ['a'], targetDate: null as string | null };

describe('mergeEdit', () => {
	it('keeps both edits when each side changed a different field', () => {
		const mine = { ...base, description: 'new description' };
		const theirs = { ...base, title: 'Newer title' };
		expect(mergeEdit(base, mine, theirs)).toEqual({
			merged: { ...base, title: 'Newer title', description: 'new description' },
			conflicts: []
		});
	});

	it('names a field both sides changed differently, and settles it as asked', () => {
		const mine = { ...base, title: 'Mine' };
		const theirs = { ...base, title: 'Theirs', tags: ['a', 'b'] };
		expect(mergeEdit(base, mine, theirs).conflicts).toEqual(['title']);
		expect(mergeEdit(base, mine, theirs, 'mine').merged).toEqual({ ...theirs, title: 'Mine' });
		expect(mergeEdit(base, mine, theirs, 'theirs').merged).toEqual(theirs);
	});

	it('is no conflict when both made the same change', () => {
		const same = { ...base, tags: ['a', 'b'] };
		expect(mergeEdit(base, same, { ...same })).toEqual({ merged: same, conflicts: [] });
	});

	it('never loses a change that only one side made (property)', () => {
		const record = fc.record({ a: fc.string(), b: fc.array(fc.nat()), c: fc.option(fc.string()) });
		fc.assert(
			fc.property(record, record, record, (b, m, t) => {
				const { merged, conflicts } = mergeEdit(b, m, t);
				for (const key of ['a', 'b', 'c'] as const) {
					if (conflicts.includes(key)) continue;
					if (!sameValue(m[key], b[key])) expect(merged[key]).toEqual(m[key]);
					else expect(merged[key]).toEqual(t[key]);
				}
			})
		);
	});
});
