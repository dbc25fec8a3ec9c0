import { describe, expect, it } from 'vitest';
import { stableId } from './bundle';

describe('stable ids', () => {
	it('keep the ids made by earlier imports (lowercase hex of the first 16 SHA-256 bytes)', async () => {
		// Pinned before the hex moved to @scure/base: a changed id would double re-imported records.
		expect(await stableId('goal', 'leap2a:x', 'entry-1')).toBe(
			'goal-19594695ea4dfcc297559981e602bda4'
		);
		expect(await stableId('goal', 'leap2a:x', 'entry-2')).not.toBe(
			await stableId('goal', 'leap2a:x', 'entry-1')
		);
	});
});
