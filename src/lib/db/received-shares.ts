import { nowStamp } from '$lib/domain/dates';
import type { ShareContent } from '$lib/domain/share/content';
import type { ShareResponse } from '$lib/domain/share/responses';
import { db, type ReceivedShareRecord } from './koers-db';
import { forgetReceivedFiles } from './received-media';

/** Every share opened in this browser (the coach's inbox), most recently visited first. */
export async function listReceivedShares(): Promise<ReceivedShareRecord[]> {
	return (await db.receivedShares.toArray()).sort((a, b) =>
		b.lastVisitAt.localeCompare(a.lastVisitAt)
	);
}

/** One received share. */
export function getReceivedShare(id: string): Promise<ReceivedShareRecord | undefined> {
	return db.receivedShares.get(id);
}

/**
 * Remembers a share when it is opened; returns the record as it was before this visit. A live
 * share keeps the secret and link it was first kept with: a learner's new live link has a new
 * room, so another secret for the same room is a wrong link, which must not replace one that
 * works. `seen`, the content shown, is kept in the same write: the inbox never lists a share
 * without its title, however soon the tab closes.
 */
export async function rememberReceivedShare(
	fields: Pick<ReceivedShareRecord, 'id' | 'kind' | 'secret' | 'link'>,
	seen?: ShareContent | null
): Promise<ReceivedShareRecord | undefined> {
	return db.transaction('rw', db.receivedShares, async () => {
		const before = await db.receivedShares.get(fields.id);
		const stamp = nowStamp();
		await db.receivedShares.put({
			title: '',
			owner: '',
			content: null,
			myResponses: [],
			openedAt: stamp,
			...before,
			...fields,
			...(before?.kind === 'live' && { secret: before.secret, link: before.link }),
			...(seen && { content: seen, title: seen.meta.title, owner: seen.meta.owner }),
			lastVisitAt: stamp
		});
		return before;
	});
}

/** Keeps the content as now seen, for "changed since your last visit" next time. */
export async function saveSeenContent(id: string, content: ShareContent): Promise<void> {
	await db.receivedShares.update(id, {
		content,
		title: content.meta.title,
		owner: content.meta.owner
	});
}

/** Keeps that the learner stopped a live share, so it still says so at the next visit. */
export async function noteReceivedShareEnded(id: string): Promise<void> {
	await db.receivedShares.update(id, { endedAt: nowStamp() });
}

/** Adds a response written on a snapshot (sent back later in a reply link). */
export async function addMyResponse(id: string, response: ShareResponse): Promise<void> {
	await db.transaction('rw', db.receivedShares, async () => {
		const record = await db.receivedShares.get(id);
		if (!record) throw new Error(`No received share ${id}`);
		await db.receivedShares.put({ ...record, myResponses: [...record.myResponses, response] });
	});
}

/** Forgets a received share and the media fetched for it. */
export async function forgetReceivedShare(id: string): Promise<void> {
	await db.receivedShares.delete(id);
	await forgetReceivedFiles(id);
}
