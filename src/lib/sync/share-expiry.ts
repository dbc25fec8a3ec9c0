import { addDays, localMidnight, toIsoDate } from '$lib/domain/dates';
import { isActive, type Share } from '$lib/domain/share/share';

/** A timer waits at most this long, so a sleeping device or a changed clock is noticed soon. */
export const MAX_EXPIRY_WAIT_MS = 60_000;

/**
 * The moment a share stops being active by its expiry date: local midnight at the start of the
 * day after `expiresAt` (isActive keeps it through its last day). Null without an expiry date.
 */
export function expiryMoment(share: Share): Date | null {
	if (share.expiresAt === null) return null;
	return localMidnight(addDays(share.expiresAt, 1));
}

/** Milliseconds until the next of the active shares expires (capped); null when none will. */
export function nextExpiryWait(shares: readonly Share[], now: Date = new Date()): number | null {
	const today = toIsoDate(now);
	let next: number | null = null;
	for (const share of shares) {
		const at = isActive(share, today) ? expiryMoment(share)?.getTime() : undefined;
		if (at !== undefined && (next === null || at < next)) next = at;
	}
	return next === null ? null : Math.min(Math.max(0, next - now.getTime()), MAX_EXPIRY_WAIT_MS);
}
