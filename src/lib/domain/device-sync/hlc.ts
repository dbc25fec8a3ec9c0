/**
 * Hybrid logical clock (HLC) for device sync: wall milliseconds, a counter for events in the same
 * millisecond, and the device that made the event. Encoded as a fixed-width string that sorts
 * like the clock: `<16 hex ms>-<4 hex counter>-<22 char device id>` (44 characters).
 *
 * A device's own stamps strictly increase. On receiving a stamp the clock moves to the greater
 * of the two (it never refuses a remote stamp, however far ahead: refusing drifted ops loses
 * work); a remote clock more than DRIFT_WARN_MS ahead of this device's wall clock is flagged so
 * the UI can say a device's clock looks wrong.
 */

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const HLC_PATTERN = /^[0-9a-f]{16}-[0-9a-f]{4}-[A-Za-z0-9_-]{22}$/;
export const DRIFT_WARN_MS = 5 * 60_000;
const MAX_COUNTER = 0xffff;

export interface Clock {
	ms: number;
	counter: number;
}

export const ZERO_CLOCK: Clock = { ms: 0, counter: 0 };

export function encodeHlc(clock: Clock, device: string): string {
	return `${clock.ms.toString(16).padStart(16, '0')}-${clock.counter.toString(16).padStart(4, '0')}-${device}`;
}

/** The clock and device of an encoded stamp (the caller checked it against HLC_PATTERN). */
export function decodeHlc(hlc: string): Clock & { device: string } {
	return {
		ms: parseInt(hlc.slice(0, 16), 16),
		counter: parseInt(hlc.slice(17, 21), 16),
		device: hlc.slice(22)
	};
}

/** The device part of a stamp. */
export const hlcDevice = (hlc: string): string => hlc.slice(22);

function later(a: Clock, b: Clock): Clock {
	const max = a.ms > b.ms || (a.ms === b.ms && a.counter >= b.counter) ? a : b;
	return { ms: max.ms, counter: max.counter };
}

/** Past the counter's width the clock borrows a millisecond (it stays ahead, never wraps). */
function bump(clock: Clock): Clock {
	return clock.counter >= MAX_COUNTER
		? { ms: clock.ms + 1, counter: 0 }
		: { ms: clock.ms, counter: clock.counter + 1 };
}

/** The stamp of a local event: after every stamp this clock has made or seen. */
export function tick(last: Clock, wallMs: number): Clock {
	return wallMs > last.ms ? { ms: wallMs, counter: 0 } : bump(last);
}

/**
 * Takes in a remote stamp: the clock becomes the later of the two (clamped to max, never refused),
 * and says whether the remote clock runs more than DRIFT_WARN_MS ahead of this wall clock.
 */
export function receive(
	last: Clock,
	remote: Clock,
	wallMs: number
): { clock: Clock; drift: boolean } {
	return { clock: later(last, remote), drift: remote.ms - wallMs > DRIFT_WARN_MS };
}
