import * as v from 'valibot';
import { nowStamp } from '$lib/domain/dates';
import type { ShareSelection, ShareSource } from '$lib/domain/share/projection';
import {
	FeedbackSchema,
	type Rating,
	type ShareResponse,
	type SignOff
} from '$lib/domain/share/responses';
import { coachPinId, judgeResponses } from '$lib/domain/share/response-signature';
import type { Pin } from '$lib/domain/identity/pins';
import type { Share } from '$lib/domain/share/share';
import { emitDbEvent } from './events';
import { watchQuery, type QueryObserver } from './live';
import { db, type ReceivedResponse } from './koers-db';

/** Every share the learner made, newest first. */
export async function listShares(): Promise<Share[]> {
	return (await db.shares.toArray()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** How many shares the learner made. */
export function countShares(): Promise<number> {
	return db.shares.count();
}

/** One share. */
export function getShare(id: string): Promise<Share | undefined> {
	return db.shares.get(id);
}

/** Stores a new share with its (already generated) room and secret. */
export async function createShare(
	fields: Pick<Share, 'title' | 'owner' | 'selection' | 'expiresAt' | 'room' | 'secret'>
): Promise<Share> {
	const stamp = nowStamp();
	const share: Share = {
		...fields,
		id: crypto.randomUUID(),
		revokedAt: null,
		createdAt: stamp,
		updatedAt: stamp
	};
	await db.shares.add(share);
	emitDbEvent('saved', { kind: 'share', id: share.id });
	return share;
}

/** Changes what a share shows or when it expires. */
export async function updateShare(
	id: string,
	changes: Partial<
		Pick<Share, 'title' | 'selection' | 'expiresAt' | 'revokedAt' | 'room' | 'secret'>
	>
): Promise<void> {
	await db.shares.update(id, { ...changes, updatedAt: nowStamp() } as Partial<Share>);
	emitDbEvent('saved', { kind: 'share', id });
}

/** Deletes a share and the responses it brought. */
export async function deleteShare(id: string): Promise<void> {
	await db.transaction('rw', db.shares, db.responses, async () => {
		await db.shares.delete(id);
		await db.responses.where('shareId').equals(id).delete();
	});
	emitDbEvent('deleted', { kind: 'share', id });
}

/** Each table a share's content is projected from, read alone. */
const sourceReaders: { [K in keyof Required<ShareSource>]: () => Promise<ShareSource[K]> } = {
	goals: () => db.goals.toArray(),
	evidence: () => db.evidence.toArray(),
	reflections: () => db.reflections.toArray(),
	attachments: () => db.attachments.toArray(),
	questions: () => db.questions.toArray(),
	registers: () => db.registers.toArray(),
	peActivities: () => db.peActivities.toArray(),
	frameworks: () => db.frameworks.toArray(),
	links: () => db.competencyLinks.toArray(),
	assessments: () => db.assessments.toArray()
};

/**
 * Follows everything a share's content is projected from, each table on its own: a change reads
 * only its own table again (an edited evidence item does not read the 2,000 PE activities), and
 * `observer` gets a new source that keeps the arrays of the other tables. Once all tables are
 * read, each change is passed on as it arrives, so a write to two tables arrives as two steps.
 */
export function watchShareSource(observer: QueryObserver<ShareSource>): () => void {
	const tables = Object.keys(sourceReaders) as (keyof typeof sourceReaders)[];
	let parts: Partial<ShareSource> = {};
	const stops = tables.map((table) =>
		watchQuery<unknown>(sourceReaders[table], {
			next: (rows) => {
				parts = { ...parts, [table]: rows };
				if (tables.every((name) => name in parts)) observer.next(parts as ShareSource);
			},
			error: (error) => observer.error?.(error)
		})
	);
	return () => stops.forEach((stop) => stop());
}

/** Everything a share's content is projected from. */
export async function shareSource(): Promise<ShareSource> {
	return db.transaction(
		'r',
		[
			db.goals,
			db.evidence,
			db.reflections,
			db.attachments,
			db.questions,
			db.registers,
			db.peActivities,
			db.frameworks,
			db.competencyLinks,
			db.assessments
		],
		async () => ({
			goals: await db.goals.toArray(),
			evidence: await db.evidence.toArray(),
			reflections: await db.reflections.toArray(),
			attachments: await db.attachments.toArray(),
			questions: await db.questions.toArray(),
			registers: await db.registers.toArray(),
			peActivities: await db.peActivities.toArray(),
			frameworks: await db.frameworks.toArray(),
			links: await db.competencyLinks.toArray(),
			assessments: await db.assessments.toArray()
		})
	);
}

/**
 * Imports responses received through a share (flow 2): new ids are added, known ids are left
 * as they are, so importing the same responses twice changes nothing. A coach's signature is
 * checked first: a changed or forged one is not stored; a valid one is believed for the author
 * whose key it is pinned to in this share (the first key seen for that name, kept with the
 * responses themselves). Returns how many were new.
 */
export async function importResponses(
	shareId: string,
	responses: readonly ShareResponse[]
): Promise<number> {
	if (responses.length === 0) return 0;
	const knownBefore = await knownIds(responses);
	const fresh = responses.filter((r) => !knownBefore.has(r.id));
	if (fresh.length === 0) return 0;
	const judged = await judgeResponses(shareId, fresh, await coachPins(shareId), nowStamp());
	const added = await db.transaction('rw', db.responses, async () => {
		const known = await knownIds(fresh);
		const records: ReceivedResponse[] = judged
			.filter(({ response }) => !known.has(response.id))
			.map(({ response, trust }) => ({
				...response,
				shareId,
				receivedAt: nowStamp(),
				readAt: null,
				trust
			}));
		await db.responses.bulkAdd(records);
		return records.length;
	});
	if (added) emitDbEvent('saved', { kind: 'response', id: shareId });
	return added;
}

async function knownIds(responses: readonly { id: string }[]): Promise<Set<string>> {
	const stored = await db.responses.bulkGet(responses.map((r) => r.id));
	return new Set(stored.flatMap((r) => (r ? [r.id] : [])));
}

/** The coach keys pinned in a share: per author, the key of their first signed response. */
async function coachPins(shareId: string): Promise<Map<string, Pin>> {
	const signed = (await db.responses.where('shareId').equals(shareId).toArray())
		.filter((r) => r.signature && r.trust === 'signed')
		.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
	const pins = new Map<string, Pin>();
	for (const response of signed) {
		const id = coachPinId(shareId, response.author);
		if (!pins.has(id))
			pins.set(id, { id, ...response.signature!.signer, pinnedAt: response.receivedAt });
	}
	return pins;
}

/** The share id of the learner's own notes: they stay on this device. */
export const OWN_NOTES = 'own';

/**
 * The learner's own feedback on an item: a note for themselves (about a moment in its video),
 * or a reply to a coach, which goes back through the live share the coach's feedback came with.
 * `me` names the learner where no share does. Throws a valibot error on invalid input.
 */
export async function addOwnFeedback(fields: {
	itemId: string;
	text: string;
	parentId: string | null;
	at?: number;
	me: string;
}): Promise<void> {
	const parent = fields.parentId ? await db.responses.get(fields.parentId) : undefined;
	const shareId = parent?.shareId ?? OWN_NOTES;
	const share = shareId === OWN_NOTES ? undefined : await db.shares.get(shareId);
	const stamp = nowStamp();
	const feedback = v.parse(FeedbackSchema, {
		kind: 'feedback',
		id: crypto.randomUUID(),
		itemId: fields.itemId,
		parentId: parent?.id ?? null,
		author: share?.owner.trim() || fields.me,
		role: '',
		text: fields.text,
		...(fields.at === undefined ? {} : { at: Math.round(fields.at * 10) / 10 }),
		createdAt: stamp
	});
	await db.responses.add({ ...feedback, shareId, receivedAt: stamp, readAt: stamp, mine: true });
}

/** The learner's replies to coaches, which go back through the share each came with. */
export async function myReplies(): Promise<ReceivedResponse[]> {
	return (await db.responses.toArray()).filter((r) => r.mine && r.shareId !== OWN_NOTES);
}

/** The responses a share brought, oldest first. */
export async function responsesOf(shareId: string): Promise<ReceivedResponse[]> {
	const list = await db.responses.where('shareId').equals(shareId).toArray();
	return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A coach's ratings of competencies, received through shares. */
export async function coachRatings(): Promise<(ReceivedResponse & Rating)[]> {
	return (await db.responses.toArray()).filter(
		(r): r is ReceivedResponse & Rating => r.kind === 'rating'
	);
}

/** All responses on one item (a goal, evidence, reflection) across shares. */
export async function responsesOn(itemId: string): Promise<ReceivedResponse[]> {
	const list = await db.responses.where('itemId').equals(itemId).toArray();
	return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The sign-offs of one goal, from every share that carried it, oldest first. Sign-offs name
 * their goal in `goalId`, which is not indexed, so this reads the responses table through.
 */
export async function signOffsOn(goalId: string): Promise<(ReceivedResponse & SignOff)[]> {
	const list = await db.responses
		.filter((r): r is ReceivedResponse & SignOff => r.kind === 'signOff' && r.goalId === goalId)
		.toArray();
	return (list as (ReceivedResponse & SignOff)[]).sort((a, b) =>
		a.createdAt.localeCompare(b.createdAt)
	);
}

/** Marks a share's responses as read. */
export async function markResponsesRead(shareId: string): Promise<void> {
	const stamp = nowStamp();
	await db.responses
		.where('shareId')
		.equals(shareId)
		.filter((r) => r.readAt === null)
		.modify({ readAt: stamp });
}

/** Number of unread responses per share. */
export async function unreadCounts(): Promise<Map<string, number>> {
	const counts = new Map<string, number>();
	await db.responses
		.filter((r) => r.readAt === null)
		.each((r) => counts.set(r.shareId, (counts.get(r.shareId) ?? 0) + 1));
	return counts;
}

export type { ShareSelection };
