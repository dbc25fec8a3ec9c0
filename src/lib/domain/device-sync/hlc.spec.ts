import { describe, expect, it } from 'vitest';
import {
	DRIFT_WARN_MS,
	HLC_PATTERN,
	ZERO_CLOCK,
	decodeHlc,
	encodeHlc,
	hlcDevice,
	receive,
	tick
} from './hlc';

const DEVICE = 'AbCdEfGhIjKlMnOpQrStUv';

describe('hybrid logical clock', () => {
	it('encodes to a fixed width that sorts like the clock, and decodes back', () => {
		const stamps = [
			{ ms: 1, counter: 0 },
			{ ms: 1, counter: 1 },
			{ ms: 15, counter: 0 },
			{ ms: 16, counter: 0xffff },
			{ ms: 1_796_000_000_000, counter: 2 }
		].map((clock) => encodeHlc(clock, DEVICE));
		expect(new Set(stamps.map((s) => s.length))).toEqual(new Set([44]));
		expect([...stamps].reverse().sort()).toEqual(stamps);
		for (const stamp of stamps) expect(stamp).toMatch(HLC_PATTERN);
		expect(decodeHlc(stamps[4]!)).toEqual({ ms: 1_796_000_000_000, counter: 2, device: DEVICE });
		expect(hlcDevice(stamps[0]!)).toBe(DEVICE);
	});

	it('stamps local events strictly later, also when the wall clock stands still or goes back', () => {
		let clock = tick(ZERO_CLOCK, 1000);
		const seen = [encodeHlc(clock, DEVICE)];
		for (const wall of [1000, 1000, 999, 500, 1001, 1001]) {
			clock = tick(clock, wall);
			seen.push(encodeHlc(clock, DEVICE));
		}
		expect([...new Set(seen)].sort()).toEqual(seen);
		expect(clock).toEqual({ ms: 1001, counter: 1 });
	});

	it('borrows a millisecond when the counter is full instead of wrapping', () => {
		expect(tick({ ms: 5, counter: 0xffff }, 5)).toEqual({ ms: 6, counter: 0 });
	});

	it('takes in a remote stamp far ahead (never refused) and flags the drift', () => {
		const wall = 1_000_000;
		const ahead = { ms: wall + DRIFT_WARN_MS + 1, counter: 3 };
		const { clock, drift } = receive({ ms: wall, counter: 0 }, ahead, wall);
		expect(clock).toEqual(ahead);
		expect(drift).toBe(true);
		// The next local stamp comes after it.
		expect(tick(clock, wall).ms).toBe(ahead.ms);
		expect(tick(clock, wall).counter).toBe(4);
		const near = receive({ ms: wall, counter: 0 }, { ms: wall + 1000, counter: 0 }, wall);
		expect(near.drift).toBe(false);
		const behind = receive({ ms: wall, counter: 5 }, { ms: wall - 1, counter: 9 }, wall);
		expect(behind).toEqual({ clock: { ms: wall, counter: 5 }, drift: false });
	});
});
