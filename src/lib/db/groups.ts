import type { Envelope } from '$lib/domain/identity/envelope';
import type { Pin } from '$lib/domain/identity/pins';
import type { Link } from '$lib/domain/group/ledger';
import { db } from './koers-db';
import { withLock } from './locks';

/**
 * Learning groups as this learner holds them. Flows:
 *   peers → sync/groups (verified by domain/group/ledger) → `storeLinks` → groupEnvelopes
 *   the learner's own contribution → `appendOwn` (signed under a cross-tab lock) → groupEnvelopes
 *   groupEnvelopes → state/groups (the view, derived again from the stored chains)
 *   groups ↔ the learner's other devices: device sync carries the group records (with every
 *     epoch's secret; schema domain/group/device-tables.ts), never envelopes: each device takes
 *     those from the group's room, through its own ledger, like any member
 * Envelopes are kept exactly as their authors signed them, so they can be passed on unchanged.
 * Nothing here is in the learner's backups; what was seen is kept per device (groupVisits).
 */

/** One group this learner created or joined. */
export interface GroupRecord {
	/** Random 128-bit id (base64url): bound into every signature. */
	id: string;
	/** The name and purpose as last known (the creator's `about`, or the invite). */
	name: string;
	purpose: string;
	/** The creator's member id: the one who may rename the group and remove members. */
	creator: string;
	/** The current epoch and its secret (the room and its keys derive from it). */
	epoch: number;
	secret: string;
	/** Every epoch's secret this member held, by epoch (members still offline meet there). */
	secrets: Record<number, string>;
	myMemberId: string;
	joinedAt: string;
	status: 'member' | 'left' | 'removed';
}

/** What this device showed of a group at the last visit ("what changed since"). */
export interface GroupVisitRecord {
	group: string;
	/** The envelope hashes shown. */
	seen: string[];
	lastVisit: string | null;
}

/** The last visit to a group on this device (none yet: nothing seen). */
export async function groupVisit(group: string): Promise<GroupVisitRecord> {
	return (await db.groupVisits.get(group)) ?? { group, seen: [], lastVisit: null };
}

/** An accepted envelope, as received, with where it sits. */
export interface EnvelopeRecord extends Link {
	group: string;
	receivedAt: string;
}

/** A member's key, pinned when their join was first accepted. */
export interface GroupPinRecord extends Pin {
	group: string;
}

/** Every group, the newest first. */
export async function listGroups(): Promise<GroupRecord[]> {
	const groups = await db.groups.toArray();
	return groups.sort((a, b) => b.joinedAt.localeCompare(a.joinedAt));
}

export function getGroup(id: string): Promise<GroupRecord | undefined> {
	return db.groups.get(id);
}

export async function saveGroup(group: GroupRecord): Promise<void> {
	await db.groups.put(group);
}

export async function updateGroup(id: string, changes: Partial<GroupRecord>): Promise<void> {
	await db.groups.update(id, changes);
}

/** A group's accepted links, in chain order per author. */
export async function groupLinks(group: string): Promise<EnvelopeRecord[]> {
	return db.groupEnvelopes
		.where('[group+author+seq]')
		.between([group, '', 0], [group, '\uffff', Infinity])
		.toArray();
}

export function groupPins(group: string): Promise<GroupPinRecord[]> {
	return db.groupPins.where('[group+id]').between([group, ''], [group, '\uffff']).toArray();
}

/** Stores links a ledger accepted (and the keys it pinned), in one transaction. */
export async function storeLinks(group: string, links: readonly Link[], pins: readonly Pin[]) {
	if (!links.length && !pins.length) return;
	const receivedAt = new Date().toISOString();
	await db.transaction('rw', db.groupEnvelopes, db.groupPins, async () => {
		await db.groupEnvelopes.bulkPut(links.map((link) => ({ ...link, group, receivedAt })));
		await db.groupPins.bulkPut(pins.map((pin) => ({ ...pin, group })));
	});
}

/**
 * Appends the learner's own next link: `sign` gets the head of their chain and returns the
 * signed envelope. A lock across tabs keeps two tabs from signing two links at one place (which
 * every reader would take for equivocation).
 */
export function appendOwn(
	group: string,
	author: string,
	sign: (head: { seq: number; hash: string } | undefined) => Promise<Link>
): Promise<Link> {
	return withLock(`koers-group-write-${group}`, async () => {
		const head = await db.groupEnvelopes
			.where('[group+author+seq]')
			.between([group, author, 0], [group, author, Infinity])
			.last();
		const link = await sign(head && { seq: head.seq, hash: head.hash });
		await db.groupEnvelopes.put({ ...link, group, receivedAt: new Date().toISOString() });
		return link;
	});
}

/** The head of one author's chain in a group, if they wrote any. */
export function ownHead(group: string, author: string): Promise<EnvelopeRecord | undefined> {
	return db.groupEnvelopes
		.where('[group+author+seq]')
		.between([group, author, 0], [group, author, Infinity])
		.last();
}

/** One author's links in a group after `seq`, in chain order. */
export function linksAfter(group: string, author: string, seq: number): Promise<EnvelopeRecord[]> {
	return db.groupEnvelopes
		.where('[group+author+seq]')
		.between([group, author, seq], [group, author, Infinity], false)
		.toArray();
}

/** Remembers what the learner has seen now, for "what changed since your last visit". */
export async function markSeen(group: string, hashes: readonly string[]): Promise<void> {
	await db.groupVisits.put({ group, seen: [...hashes], lastVisit: new Date().toISOString() });
}

/** Forgets a group and everything received in it. */
export async function deleteGroup(group: string): Promise<void> {
	await db.transaction(
		'rw',
		[db.groups, db.groupEnvelopes, db.groupPins, db.groupVisits],
		async () => {
			await db.groups.delete(group);
			await db.groupVisits.delete(group);
			await db.groupEnvelopes.where('group').equals(group).delete();
			await db.groupPins.where('[group+id]').between([group, ''], [group, '\uffff']).delete();
		}
	);
}

export type { Envelope };
