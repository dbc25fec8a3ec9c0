/**
 * A removed device's key in a learning group. When the learner removes a device (Settings →
 * Devices), another of their devices signs a `revoke` into its own chain in each group: the
 * removed key's links up to `after` (what the revoking device had seen of it) stay, later ones are
 * refused. The rules, the same for every reader holding the same links:
 * - a revocation holds only when its signer speaks for the same member as the key it revokes
 *   (another device of that member); one signed by anyone else does not;
 * - a revocation signed by a key that was itself revoked before signing it does not hold;
 * - of several revocations of one key, the earliest cut holds;
 * - when the revoked key is the member's own key (their member id derives from it), a device of
 *   that member counts only if the revocation lists it in `keep`: the removed device still holds
 *   that key, and could otherwise vouch for a new key of its own.
 */

/** One `revoke` as signed: by which author, at which seq of their chain. */
export interface RevocationRecord {
	by: string;
	seq: number;
	target: string;
	after: number;
	keep: readonly string[];
}

/** A revocation that holds: the member it was signed for, the cut, and the keys kept. */
export interface Revoked {
	member: string;
	after: number;
	keep: ReadonlySet<string>;
}

/** The member an author speaks for, or undefined while their join is not here. */
export type MemberOf = (author: string) => string | undefined;

/** The revocations that hold, by revoked author (see the module comment). */
export function believedRevocations(
	records: readonly RevocationRecord[],
	memberOf: MemberOf
): Map<string, Revoked> {
	const sorted = [...records].sort((a, b) => a.by.localeCompare(b.by) || a.seq - b.seq);
	const first = build(sorted, memberOf);
	return build(
		sorted.filter((r) => r.seq <= cutOf(first, r.by, memberOf(r.by))),
		memberOf
	);
}

function build(records: readonly RevocationRecord[], memberOf: MemberOf): Map<string, Revoked> {
	const out = new Map<string, Revoked>();
	for (const r of records) {
		const member = memberOf(r.by);
		if (member === undefined || r.target === r.by) continue;
		const target = memberOf(r.target);
		if (target !== undefined && target !== member) continue;
		const known = out.get(r.target);
		if (known && (known.member !== member || known.after <= r.after)) continue;
		out.set(r.target, { member, after: r.after, keep: new Set(r.keep) });
	}
	return out;
}

/**
 * The last seq of `author`'s chain still believed (Infinity when not revoked), given the member
 * they speak for (from their join; undefined while it is not here).
 */
export function cutOf(
	revoked: ReadonlyMap<string, Revoked>,
	author: string,
	member: string | undefined
): number {
	if (member === undefined) return Infinity;
	let cut = Infinity;
	const own = revoked.get(author);
	if (own && own.member === member) cut = own.after;
	if (member !== author) {
		const memberKey = revoked.get(member);
		if (memberKey && memberKey.member === member && !memberKey.keep.has(author)) cut = 0;
	}
	return cut;
}
