/**
 * What a learning group shows, derived from its members' verified chains only. The rules:
 * - a chain counts from its `join`; a member's name is their latest `join`/`rename` (in the chain
 *   of their own key, when they write from several devices);
 * - the group's name and purpose, and removals, are believed from the creator only;
 * - an item is its author's latest version of it, until they unshare it, leave or are removed;
 * - a removed member's links from after their removal's epoch are ignored (they never had the
 *   new key; if one leaks, it still does not count), what they wrote before stays readable;
 * - comments and questions are kept in chain order; a comment names the item by author and id,
 *   so nobody can move feedback to another member's item without signing it themselves.
 */
import type { SharedItem } from '../share/content';
import type { PublicIdentity } from '../identity/keys';
import type { Contribution } from './contribution';
import { byMemberFirst } from './member-id';

/** A contribution whose signature and chain place were checked. */
export interface VerifiedContribution {
	author: string;
	seq: number;
	epoch: number;
	/** The envelope's hash: what "seen" is measured in. */
	hash: string;
	contribution: Contribution;
}

export type MemberStatus = 'member' | 'left' | 'removed';

export interface GroupMember {
	id: string;
	name: string;
	/** The member's own public key (what their fingerprint is made of). */
	key: PublicIdentity;
	status: MemberStatus;
	creator: boolean;
}

export interface GroupItem {
	author: string;
	item: SharedItem;
	hash: string;
	/** Its version among the member's devices (see contribution.ts). */
	n: number;
}

export interface GroupComment {
	id: string;
	author: string;
	on: { author: string; item: string };
	parent: string | null;
	text: string;
	at: number | null;
	hash: string;
}

export interface GroupQuestion {
	id: string;
	author: string;
	text: string;
	hash: string;
}

export interface GroupView {
	name: string | null;
	purpose: string;
	members: GroupMember[];
	items: GroupItem[];
	comments: GroupComment[];
	questions: GroupQuestion[];
	/** Member → item id → the greatest version written (shared or unshared): the next is one more. */
	versions: Map<string, Map<string, number>>;
}

/**
 * Derives the group from every author's verified chain (each in seq order). A member may write
 * from several devices, each its own author chain (identity/cert.ts): their chains count as one
 * member, the member's own key's chain first, then the others by author id. A leave on any of
 * them is the member's; an item is the member's latest version of it in that order.
 */
export function groupView(
	creator: string,
	chains: ReadonlyMap<string, readonly VerifiedContribution[]>
): GroupView {
	const byMember = new Map<string, string[]>();
	for (const [author, chain] of chains) {
		const join = chain[0]?.contribution;
		if (join?.t !== 'join') continue;
		const member = join.member?.id ?? author;
		byMember.set(member, [...(byMember.get(member) ?? []), author]);
	}
	const authorsOf = (member: string) => (byMember.get(member) ?? []).sort(byMemberFirst(member));
	const removedAt = removals(
		creator,
		authorsOf(creator).map((author) => chains.get(author) ?? [])
	);
	const view: GroupView = {
		name: null,
		purpose: '',
		members: [],
		items: [],
		comments: [],
		questions: [],
		versions: new Map()
	};
	for (const memberId of byMember.keys()) {
		const removal = removedAt.get(memberId);
		const authors = authorsOf(memberId);
		const first = chains.get(authors[0]!)![0]!.contribution as Extract<Contribution, { t: 'join' }>;
		const member: GroupMember = {
			id: memberId,
			name: first.name,
			key: first.member?.key ?? first.key,
			status: removal === undefined ? 'member' : 'removed',
			creator: memberId === creator
		};
		// Per item: the version with the greatest `n` (on a tie, the later in chain order), or its unshare.
		const items = new Map<string, { n: number; item: GroupItem | null }>();
		const version = (id: string, n: number, item: GroupItem | null) => {
			if (n >= (items.get(id)?.n ?? -1)) items.set(id, { n, item });
		};
		authors.forEach((author, index) => {
			for (const link of chains.get(author)!) {
				if (removal !== undefined && link.epoch > removal) break;
				const c = link.contribution;
				const author = memberId;
				if (c.t === 'join' || c.t === 'rename') {
					if (index === 0) member.name = c.name;
				} else if (c.t === 'leave') {
					member.status = removal === undefined ? 'left' : 'removed';
					break;
				} else if (c.t === 'about' && memberId === creator) {
					view.name = c.name;
					view.purpose = c.purpose;
				} else if (c.t === 'item')
					version(c.item.id, c.n ?? 0, { author, item: c.item, hash: link.hash, n: c.n ?? 0 });
				else if (c.t === 'unshare') version(c.id, c.n ?? 0, null);
				else if (c.t === 'comment') {
					const { id, on, parent, text, at } = c;
					view.comments.push({ id, author, on, parent, text, at, hash: link.hash });
				} else if (c.t === 'question') {
					view.questions.push({ id: c.id, author, text: c.text, hash: link.hash });
				}
			}
		});
		view.members.push(member);
		if (member.status === 'member')
			for (const { item } of items.values()) if (item) view.items.push(item);
		view.versions.set(memberId, new Map([...items].map(([id, { n }]) => [id, n])));
	}
	view.members.sort(
		(a, b) => Number(b.creator) - Number(a.creator) || a.name.localeCompare(b.name)
	);
	return view;
}

/** Member id → the epoch in which the creator (from any of their devices) removed them. */
function removals(
	creator: string,
	chains: readonly (readonly VerifiedContribution[])[]
): Map<string, number> {
	const out = new Map<string, number>();
	for (const chain of chains)
		for (const link of chain) {
			const c = link.contribution;
			if (c.t === 'remove' && c.member !== creator && !out.has(c.member))
				out.set(c.member, link.epoch);
		}
	return out;
}

/** The items and comments a member has not seen yet (by envelope hash). */
export function unseen(
	view: GroupView,
	seen: ReadonlySet<string>
): { items: GroupItem[]; comments: GroupComment[] } {
	return {
		items: view.items.filter((item) => !seen.has(item.hash)),
		comments: view.comments.filter((comment) => !seen.has(comment.hash))
	};
}
