/**
 * The reader's side of a learning group: every envelope from a peer passes here before anything
 * stores, forwards or shows it. One envelope at a time (callers await each `ingest`; no
 * verification step ever runs inside an async filter):
 *  1. shape (EnvelopeSchema), this group, an epoch this member knows, not a removed member's
 *     link from after their removal;
 *  2. the author's key: seq 1 must be a `join` whose key derives the author id (member-id.ts), so
 *     nobody can open a chain in another's name; later links use the key pinned from that join;
 *  3. the signature over every field (envelope.ts);
 *  4. the chain place (chain.ts): the next link is accepted, a copy ignored, a link ahead of a
 *     gap held until the links between arrive, two links at one place flag the author (both kept
 *     out). An author's epochs never go back;
 *  5. a removed device's key (revocation.ts): its links after the revocation's cut are refused,
 *     and a `revoke` signed for a key of another member is refused.
 * Accepted links are kept exactly as signed, so they can be stored and forwarded unchanged.
 */
import { base64urlnopad } from '@scure/base';
import * as v from 'valibot';
import { checkCert } from '../identity/cert';
import { judgeLink } from '../identity/chain';
import {
	EnvelopeSchema,
	envelopeHash,
	openContribution,
	type Envelope
} from '../identity/envelope';
import type { PublicIdentity } from '../identity/keys';
import { checkPin, type Pin } from '../identity/pins';
import { readContribution, type Contribution } from './contribution';
import { byMemberFirst, memberIdOf } from './member-id';
import { believedRevocations, cutOf, type RevocationRecord, type Revoked } from './revocation';
import type { VerifiedContribution } from './view';

/** An accepted link: the envelope as signed, where it sits, and what it says. */
export interface Link {
	author: string;
	seq: number;
	epoch: number;
	hash: string;
	envelope: Envelope;
}

/** Why an envelope was not accepted. */
export type Refusal =
	| 'malformed'
	| 'other-group'
	| 'future-epoch'
	| 'removed'
	| 'bad-join'
	| 'bad-key'
	| 'bad-signature'
	| 'pin-conflict'
	| 'equivocation'
	| 'epoch-backwards'
	| 'revoked'
	| 'bad-revocation'
	| 'too-many-held';

export type IngestOutcome =
	/** Accepted, with any held links it released (in chain order). */
	| { kind: 'accepted'; links: Link[]; joined: Pin[] }
	| { kind: 'duplicate' }
	| { kind: 'held' }
	| { kind: 'refused'; reason: Refusal; author?: string };

/** Links held per author while earlier ones are missing (a peer cannot fill memory)... */
export const MAX_HELD_PER_AUTHOR = 5_000;
/** ...and in all, across authors (ids a peer makes up cost nothing to make). */
export const MAX_HELD = 20_000;

interface Chain {
	pin?: Pin;
	/** The member this author speaks for: their own id, or the member whose cert their join carried. */
	member?: string;
	links: Link[];
	contributions: (Contribution | null)[];
	held: Map<number, Envelope>;
}

/** One group's verified chains, in memory. */
export class Ledger {
	readonly group: string;
	readonly creator: string;
	#epoch: () => number;
	#chains = new Map<string, Chain>();
	/** Authors seen signing two different links at one place. */
	readonly flagged = new Set<string>();
	/** Envelopes refused, by reason (for a count on screen and in tests). */
	readonly refused = new Map<Refusal, number>();
	/** Signature checks done ahead (ingestMany), by the very input they were made for. */
	#ahead = new WeakMap<object, Promise<Opened>>();
	/** Links held across all authors. */
	#held = 0;
	/** The authors of each member whose join was accepted (several when they write from several devices). */
	#authors = new Map<string, Set<string>>();
	/** Every accepted `revoke`, and what holds of them (derived again after a join or revoke). */
	#revocations: RevocationRecord[] = [];
	#revoked: Map<string, Revoked> | undefined;

	/** `epoch()` is the newest epoch this member knows: later envelopes cannot be theirs yet. */
	constructor(group: string, creator: string, epoch: () => number) {
		this.group = group;
		this.creator = creator;
		this.#epoch = epoch;
	}

	/** Loads links this device accepted before (from its own database), in chain order. */
	restore(links: readonly Link[], pins: readonly Pin[]): void {
		for (const pin of pins) this.#kept(pin.id).pin = pin;
		const sorted = [...links].sort((a, b) => a.author.localeCompare(b.author) || a.seq - b.seq);
		for (const link of sorted) {
			const chain = this.#kept(link.author);
			if (link.seq !== chain.links.length + 1) continue;
			chain.links.push(link);
			chain.contributions.push(readContribution(base64urlnopad.decode(link.envelope.payload)));
		}
		for (const [author, chain] of this.#chains) {
			const join = chain.contributions[0];
			if (join?.t !== 'join') continue;
			this.#setMember(author, chain, join.member?.id ?? author);
			if (!chain.pin) chain.pin = { id: author, ...join.key, pinnedAt: new Date(0).toISOString() };
		}
		this.#revocations = revocationsOf(this.#chains);
		this.#revoked = undefined;
	}

	/**
	 * Checks a batch in order, as `ingest` one by one would; the signatures (the slow part) are
	 * checked side by side first, where the author's key is already known or joins in the batch.
	 */
	async ingestMany(inputs: readonly unknown[]): Promise<IngestOutcome[]> {
		const keys = new Map<string, PublicIdentity>();
		const envelopes: [object, Envelope][] = [];
		for (const input of inputs) {
			const parsed = v.safeParse(EnvelopeSchema, input);
			if (!parsed.success || typeof input !== 'object' || input === null) continue;
			envelopes.push([input, parsed.output]);
			const join = parsed.output.seq === 1 ? peek(parsed.output) : null;
			if (join?.t === 'join') keys.set(parsed.output.author, join.key);
		}
		for (const [input, envelope] of envelopes) {
			const key = this.#chains.get(envelope.author)?.pin ?? keys.get(envelope.author);
			if (key) {
				const ahead = openAndHash(envelope, key);
				ahead.catch(() => {});
				this.#ahead.set(input, ahead);
			}
		}
		const out: IngestOutcome[] = [];
		for (const input of inputs) out.push(await this.ingest(input));
		return out;
	}

	/** Checks one envelope from anyone (see the module comment); never throws on hostile input. */
	async ingest(input: unknown): Promise<IngestOutcome> {
		const parsed = v.safeParse(EnvelopeSchema, input);
		if (!parsed.success) return this.#refuse('malformed');
		const envelope = parsed.output;
		if (envelope.group !== this.group) return this.#refuse('other-group');
		if (envelope.epoch > this.#epoch()) return this.#refuse('future-epoch');
		const removal = this.removals().get(this.memberOf(envelope.author));
		if (removal !== undefined && envelope.epoch > removal) return this.#refuse('removed');
		const chain = this.#chain(envelope.author);
		if (!chain.pin && envelope.seq > 1) return this.#hold(chain, envelope);
		const ahead = typeof input === 'object' && input !== null ? this.#ahead.get(input) : undefined;
		const outcome = await this.#check(chain, envelope, ahead);
		if (outcome.kind !== 'accepted') return outcome;
		// Links that waited for this one follow it now, each checked in turn.
		for (let next = chain.held.get(chain.links.length + 1); next;) {
			chain.held.delete(next.seq);
			this.#held -= 1;
			const released = await this.#check(chain, next);
			if (released.kind === 'accepted') {
				outcome.links.push(...released.links);
				outcome.joined.push(...released.joined);
			}
			next = chain.held.get(chain.links.length + 1);
		}
		return outcome;
	}

	async #check(
		chain: Chain,
		envelope: Envelope,
		aheadCheck?: Promise<Opened>
	): Promise<IngestOutcome> {
		let key: PublicIdentity | undefined = chain.pin;
		let joined: Pin | undefined;
		let member: string | undefined;
		if (envelope.seq === 1) {
			// The key travels in the join it signs: it must derive the author id claimed.
			const join = peek(envelope);
			if (join?.t !== 'join') return this.#refuse('bad-join', envelope.author);
			if ((await memberIdOf(join.key)) !== envelope.author)
				return this.#refuse('bad-join', envelope.author);
			member = envelope.author;
			if (join.member) {
				// Another device of a member: the member's key derives their id and vouches for this key.
				const claimed = join.member;
				if (
					claimed.id === envelope.author ||
					(await memberIdOf(claimed.key)) !== claimed.id ||
					!(await checkCert(claimed.key, join.key, claimed.cert))
				)
					return this.#refuse('bad-join', envelope.author);
				const removal = this.removals().get(claimed.id);
				if (removal !== undefined && envelope.epoch > removal)
					return this.#refuse('removed', envelope.author);
				member = claimed.id;
			}
			const pin = checkPin(chain.pin, join.key);
			if (pin.kind === 'conflict') return this.#refuse('pin-conflict', envelope.author);
			key = join.key;
			if (pin.kind === 'new')
				joined = { id: envelope.author, ...join.key, pinnedAt: new Date().toISOString() };
		}
		if (!key) return this.#hold(chain, envelope);
		const speaksFor = member ?? chain.member;
		if (envelope.seq > cutOf(this.#believed(), envelope.author, speaksFor))
			return this.#refuse('revoked', envelope.author);
		// A check done ahead counts only if it was made with the key that holds now.
		const ahead = await aheadCheck;
		const result =
			ahead && ahead.key.alg === key.alg && ahead.key.publicRaw === key.publicRaw
				? ahead
				: await openAndHash(envelope, key);
		const opened = result.opened;
		if (!opened.ok) return this.#refuse(opened.reason, envelope.author);
		const hash = result.hash;
		const head = chain.links.at(-1);
		const verdict = judgeLink(
			head && { seq: head.seq, hash: head.hash },
			{ seq: envelope.seq, prev: envelope.prev, hash },
			(seq) => chain.links[seq - 1]?.hash
		);
		if (verdict.kind === 'duplicate') return { kind: 'duplicate' };
		if (verdict.kind === 'gap') return this.#hold(chain, envelope);
		if (verdict.kind === 'equivocation') {
			this.flagged.add(envelope.author);
			return this.#refuse('equivocation', envelope.author);
		}
		if (head && envelope.epoch < head.epoch)
			return this.#refuse('epoch-backwards', envelope.author);
		const contribution = readContribution(opened.payload);
		if (contribution?.t === 'revoke') {
			const target = this.#chains.get(contribution.author)?.member;
			if (contribution.author === envelope.author || (target && target !== speaksFor))
				return this.#refuse('bad-revocation', envelope.author);
			this.#revocations.push(revocationRecord(envelope.author, envelope.seq, contribution));
			this.#revoked = undefined;
		}
		if (joined) chain.pin = joined;
		if (member) this.#setMember(envelope.author, chain, member);
		const link: Link = {
			author: envelope.author,
			seq: envelope.seq,
			epoch: envelope.epoch,
			hash,
			envelope
		};
		chain.links.push(link);
		chain.contributions.push(contribution);
		this.#chains.set(envelope.author, chain);
		return { kind: 'accepted', links: [link], joined: joined ? [joined] : [] };
	}

	#setMember(author: string, chain: Chain, member: string): void {
		chain.member = member;
		this.#revoked = undefined;
		let authors = this.#authors.get(member);
		if (!authors) this.#authors.set(member, (authors = new Set()));
		authors.add(author);
	}

	#hold(chain: Chain, envelope: Envelope): IngestOutcome {
		if (chain.held.has(envelope.seq)) return { kind: 'held' };
		if (chain.held.size >= MAX_HELD_PER_AUTHOR || this.#held >= MAX_HELD)
			return this.#refuse('too-many-held');
		chain.held.set(envelope.seq, envelope);
		this.#held += 1;
		this.#chains.set(envelope.author, chain);
		return { kind: 'held' };
	}

	#refuse(reason: Refusal, author?: string): IngestOutcome {
		this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
		return { kind: 'refused', reason, author };
	}

	#kept(author: string): Chain {
		const chain = this.#chain(author);
		this.#chains.set(author, chain);
		return chain;
	}

	/** An author's chain; a new one is kept only once something is held or accepted in it. */
	#chain(author: string): Chain {
		return this.#chains.get(author) ?? { links: [], contributions: [], held: new Map() };
	}

	/** The revocations that hold now (revocation.ts). */
	#believed(): Map<string, Revoked> {
		this.#revoked ??= believedRevocations(
			this.#revocations,
			(author) => this.#chains.get(author)?.member
		);
		return this.#revoked;
	}

	/** The last seq of an author's chain that is believed (Infinity unless their key was revoked). */
	#cut(author: string): number {
		return cutOf(this.#believed(), author, this.#chains.get(author)?.member);
	}

	/** Whether an author's key was revoked (a removed device of its member). */
	revoked(author: string): boolean {
		return this.#cut(author) !== Infinity;
	}

	/** The number of links believed per author (the `have` vector of the sync protocol). */
	heads(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const [author, chain] of this.#chains) {
			const count = Math.min(chain.links.length, this.#cut(author));
			if (count) out[author] = count;
		}
		return out;
	}

	/** An author's believed links after `seq`, up to epoch `maxEpoch`. */
	linksAfter(author: string, seq: number, maxEpoch = Infinity): Link[] {
		const links = this.#chains.get(author)?.links ?? [];
		return links
			.slice(Math.max(0, seq), this.#cut(author))
			.filter((link) => link.epoch <= maxEpoch);
	}

	/** The believed envelopes a peer with `heads` lacks, up to epoch `maxEpoch`, as signed. */
	missing(heads: Record<string, number>, maxEpoch = Infinity): Envelope[] {
		return Object.entries(this.heads()).flatMap(([author, mine]) => {
			const theirs = heads[author] ?? 0;
			return mine > theirs ? this.linksAfter(author, theirs, maxEpoch).map((l) => l.envelope) : [];
		});
	}

	/** The last link of an author (to chain the next one to). */
	head(author: string): Link | undefined {
		return this.#chains.get(author)?.links.at(-1);
	}

	/** The key pinned for an author, once their join was accepted. */
	pin(author: string): Pin | undefined {
		return this.#chains.get(author)?.pin;
	}

	/** The member an author speaks for (themselves, or the member whose cert joined them). */
	memberOf(author: string): string {
		return this.#chains.get(author)?.member ?? author;
	}

	/** Every verified chain, for groupView (links whose payload this version cannot read are left out). */
	chains(): Map<string, VerifiedContribution[]> {
		return chainsOf(this.#chains, this.#believed());
	}

	/** Member id → the epoch in which the creator removed them (from the creator's verified chain). */
	removals(): Map<string, number> {
		const out = new Map<string, number>();
		for (const c of this.#creatorRemovals()) if (!out.has(c.member)) out.set(c.member, c.epoch);
		return out;
	}

	/** The commitment the creator made to the secret of `epoch` (see contribution.ts `remove`). */
	commitment(epoch: number): string | undefined {
		return this.#creatorRemovals().find((c) => c.epoch + 1 === epoch)?.next;
	}

	/** Removals signed by any of the creator's devices, the creator's own key's chain first. */
	#creatorRemovals(): { member: string; epoch: number; next?: string }[] {
		const out: { member: string; epoch: number; next?: string }[] = [];
		const authors = [...(this.#authors.get(this.creator) ?? [])].sort(byMemberFirst(this.creator));
		for (const author of authors) {
			const chain = this.#chains.get(author)!;
			chain.contributions.forEach((c, i) => {
				if (c?.t === 'remove' && c.member !== this.creator)
					out.push({ member: c.member, epoch: chain.links[i]!.epoch, next: c.next });
			});
		}
		return out;
	}
}

/** Chains from links read back from storage (already verified when they were accepted). */
export function chainsFromLinks(links: readonly Link[]): Map<string, VerifiedContribution[]> {
	const map = new Map<string, Chain>();
	const sorted = [...links].sort((a, b) => a.author.localeCompare(b.author) || a.seq - b.seq);
	for (const link of sorted) {
		let chain = map.get(link.author);
		if (!chain) map.set(link.author, (chain = { links: [], contributions: [], held: new Map() }));
		if (link.seq !== chain.links.length + 1) continue;
		chain.links.push(link);
		chain.contributions.push(readContribution(base64urlnopad.decode(link.envelope.payload)));
	}
	for (const [author, chain] of map) {
		const join = chain.contributions[0];
		if (join?.t === 'join') chain.member = join.member?.id ?? author;
	}
	return chainsOf(
		map,
		believedRevocations(revocationsOf(map), (author) => map.get(author)?.member)
	);
}

/** Every `revoke` in the chains, where it was signed. */
function revocationsOf(chains: Map<string, Chain>): RevocationRecord[] {
	const out: RevocationRecord[] = [];
	for (const [author, chain] of chains)
		chain.contributions.forEach((c, i) => {
			if (c?.t === 'revoke') out.push(revocationRecord(author, chain.links[i]!.seq, c));
		});
	return out;
}

function revocationRecord(
	by: string,
	seq: number,
	revoke: Extract<Contribution, { t: 'revoke' }>
): RevocationRecord {
	return { by, seq, target: revoke.author, after: revoke.after, keep: revoke.keep };
}

function chainsOf(
	chains: Map<string, Chain>,
	revoked: ReadonlyMap<string, Revoked>
): Map<string, VerifiedContribution[]> {
	const out = new Map<string, VerifiedContribution[]>();
	for (const [author, chain] of chains) {
		const list: VerifiedContribution[] = [];
		const cut = cutOf(revoked, author, chain.member);
		chain.links.forEach((link, i) => {
			const contribution = chain.contributions[i];
			if (contribution && link.seq <= cut)
				list.push({ author, seq: link.seq, epoch: link.epoch, hash: link.hash, contribution });
		});
		if (list.length) out.set(author, list);
	}
	return out;
}

interface Opened {
	key: PublicIdentity;
	opened: Awaited<ReturnType<typeof openContribution>>;
	hash: string;
}

async function openAndHash(envelope: Envelope, key: PublicIdentity): Promise<Opened> {
	const opened = await openContribution(envelope, key);
	return { key, opened, hash: opened.ok ? await envelopeHash(envelope) : '' };
}

/** Reads an envelope's payload before it is verified (only to find the key a join carries). */
function peek(envelope: Envelope): Contribution | null {
	try {
		return readContribution(base64urlnopad.decode(envelope.payload));
	} catch {
		return null;
	}
}
