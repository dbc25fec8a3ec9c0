import { afterEach, describe, expect, it, vi } from 'vitest';
import { backgroundMayStart, holdBackground } from './foreground';

/** Whether `promise` settled by now (after pending callbacks ran). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
	let done = false;
	void promise.then(() => (done = true));
	await Promise.resolve();
	await Promise.resolve();
	return done;
}

describe('background work held back by a page in front', () => {
	afterEach(() => vi.useRealTimers());

	it('starts at once when nothing holds it', async () => {
		expect(await settled(backgroundMayStart())).toBe(true);
	});

	it('waits until every hold is released, and a second release changes nothing', async () => {
		const first = holdBackground();
		const second = holdBackground();
		const waiting = backgroundMayStart();
		first();
		first();
		expect(await settled(first.released)).toBe(true);
		expect(await settled(second.released)).toBe(false);
		expect(await settled(waiting)).toBe(false);
		second();
		expect(await settled(waiting)).toBe(true);
		expect(await settled(backgroundMayStart())).toBe(true);
	});

	it('starts after five seconds when the page in front never shows', async () => {
		vi.useFakeTimers();
		const release = holdBackground();
		const waiting = backgroundMayStart();
		vi.advanceTimersByTime(4_999);
		expect(await settled(waiting)).toBe(false);
		vi.advanceTimersByTime(1);
		expect(await settled(waiting)).toBe(true);
		// Released by time: a late release does not count twice.
		release();
		expect(await settled(release.released)).toBe(true);
		const again = holdBackground();
		expect(await settled(backgroundMayStart())).toBe(false);
		again();
	});
});
