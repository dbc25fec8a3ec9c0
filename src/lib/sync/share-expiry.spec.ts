import { describe, expect, it } from 'vitest';
import { expiryMoment, MAX_EXPIRY_WAIT_MS, nextExpiryWait } from './share-expiry';
import { makeShare } from '$lib/testing/factories';

describe('share expiry', () => {
	it('ends a share at local midnight after its last day', () => {
		expect(expiryMoment(makeShare({ expiresAt: '2026-12-31' }))).toEqual(new Date(2027, 0, 1));
		expect(expiryMoment(makeShare())).toBeNull();
	});

	it('waits until the first active share expires', () => {
		const now = new Date(2026, 11, 2, 23, 59, 30);
		const shares = [
			makeShare({ id: 'later', expiresAt: '2026-12-03' }),
			makeShare({ id: 'tonight', expiresAt: '2026-12-02' }),
			makeShare({ id: 'never' })
		];
		expect(nextExpiryWait(shares, now)).toBe(30_000);
	});

	it('checks again within a minute when the expiry is far off', () => {
		const now = new Date(2026, 11, 2, 12, 0);
		expect(nextExpiryWait([makeShare({ expiresAt: '2027-06-01' })], now)).toBe(MAX_EXPIRY_WAIT_MS);
	});

	it('waits for nothing that is stopped, expired or open-ended', () => {
		const now = new Date(2026, 11, 2, 12, 0);
		const shares = [
			makeShare({ expiresAt: '2026-12-01' }),
			makeShare({ expiresAt: '2026-12-05', revokedAt: '2026-12-01T00:00:00.000Z' }),
			makeShare()
		];
		expect(nextExpiryWait(shares, now)).toBeNull();
	});
});
