/**
 * Trust on first use: the first key seen for a member (or a coach) is pinned, and every later
 * contribution under that name must verify against it. A different key for a pinned name is
 * refused and shown, never silently adopted; the fingerprint lets two people compare in person.
 */
import type { PublicIdentity } from './keys';

/** What is known about one name's key. */
export interface Pin extends PublicIdentity {
	/** Who: a member id in a group, or a coach's id on a learner's device. */
	id: string;
	pinnedAt: string;
}

/** The outcome of meeting a key for a name. */
export type PinVerdict =
	/** First time: pin it. */
	| { kind: 'new' }
	/** The pinned key: believe it. */
	| { kind: 'same' }
	/** Another key than the pinned one: refuse, and warn. */
	| { kind: 'conflict'; pinned: Pin };

/** Compares a key presented for `id` with what is pinned for it. */
export function checkPin(pinned: Pin | undefined, presented: PublicIdentity): PinVerdict {
	if (!pinned) return { kind: 'new' };
	return pinned.alg === presented.alg && pinned.publicRaw === presented.publicRaw
		? { kind: 'same' }
		: { kind: 'conflict', pinned };
}
