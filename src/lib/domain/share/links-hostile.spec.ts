import { describe, expect, it } from 'vitest';
import { repairedFragment } from './fragment';
import { parseShareFragment } from './links';

describe('a fragment with a malformed % escape', () => {
	it('is repaired so that it decodes, and is then no Koers link', () => {
		const hash = '#k=%E0%A4%A&s=%';
		expect(() => decodeURIComponent(hash)).toThrow(URIError);
		const repaired = repairedFragment(hash)!;
		expect(decodeURIComponent(repaired)).toBe(hash);
		expect(parseShareFragment(repaired)).toBeNull();
		expect(parseShareFragment(hash)).toBeNull();
	});

	it('is left alone when it decodes', () => {
		expect(repairedFragment('#k=live&r=abc%20def')).toBeNull();
		expect(repairedFragment('')).toBeNull();
	});
});
