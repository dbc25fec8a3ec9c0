/**
 * Each author's contributions form a chain: seq 1, 2, 3 … each naming the hash of the one
 * before. A reader accepts the next link only; an exact copy is a duplicate (a replay changes
 * nothing), a link further ahead waits for the ones between, and two different envelopes at one
 * place of one author's chain (equivocation) are both kept out and the author is flagged — a
 * plain counter could not tell (Kleppmann, "Making CRDTs Byzantine Fault Tolerant").
 */

/** Where a reader stands in one author's chain. */
export interface ChainHead {
	seq: number;
	hash: string;
}

/** What to do with a verified envelope, given the author's chain so far. */
export type ChainVerdict =
	/** The next link: apply it and move the head. */
	| { kind: 'next' }
	/** Already applied (a replay or a resend). */
	| { kind: 'duplicate' }
	/** Links are missing before it: hold it until they arrive. */
	| { kind: 'gap'; missingFrom: number }
	/** Another envelope holds this place, or it names a previous link that is not the one we have. */
	| { kind: 'equivocation' };

/**
 * Judges one verified envelope (`seq`, `prev`, its `hash`) against the author's head and the
 * hashes of links already applied (`appliedAt(seq)` → that link's hash, if kept).
 */
export function judgeLink(
	head: ChainHead | undefined,
	link: { seq: number; prev: string; hash: string },
	appliedAt: (seq: number) => string | undefined
): ChainVerdict {
	const seq = head?.seq ?? 0;
	if (link.seq <= seq) {
		return appliedAt(link.seq) === link.hash ? { kind: 'duplicate' } : { kind: 'equivocation' };
	}
	if (link.seq > seq + 1) return { kind: 'gap', missingFrom: seq + 1 };
	const expectedPrev = head?.hash ?? '';
	return link.prev === expectedPrev ? { kind: 'next' } : { kind: 'equivocation' };
}
