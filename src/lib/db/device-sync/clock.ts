import { encodeHlc, tick, type Clock } from '$lib/domain/device-sync/hlc';
import type { Stamper } from '$lib/domain/device-sync/register';

/** Where this database keeps its device id, its last seq and its clock (in `meta`). */
export const CLOCK_KEY = 'syncClock';

/** This database's device and the last op it wrote. */
export interface DeviceClock extends Clock {
	device: string;
	seq: number;
}

/** A new random 128-bit device id (base64url, 22 characters). */
export function newDeviceId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return btoa(String.fromCharCode(...bytes))
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
}

export function newClock(): DeviceClock {
	return { device: newDeviceId(), seq: 0, ms: 0, counter: 0 };
}

/** Stamps local ops one after another, moving `clock` on (it is written back by the caller). */
export function stamper(clock: DeviceClock, wallMs = Date.now()): Stamper {
	return () => {
		const next = tick(clock, wallMs);
		clock.ms = next.ms;
		clock.counter = next.counter;
		clock.seq += 1;
		return { device: clock.device, seq: clock.seq, hlc: encodeHlc(next, clock.device) };
	};
}
