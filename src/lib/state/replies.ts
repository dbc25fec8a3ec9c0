import { getShare, importResponses } from '$lib/db/shares';
import { MAX_SHARE_FILE_BYTES, parseShareFile } from '$lib/domain/share/file';
import { parseShareUrl } from '$lib/domain/share/links';
import { ReplyError, replyProblem } from '$lib/domain/share/responses';
import type { MessageId } from '$lib/i18n';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/**
 * Replies to a fixed copy of a share (snapshot link or share file), on the learner's side: the
 * coach sealed the feedback given in their browser into a reply link or file (state/reply-out);
 * the learner brings it in, where it joins the share's responses (a response already here is not
 * added twice). Nothing is stored until the whole reply opened and parsed.
 */

/** Why a reply was not brought in, in words for the learner. */
export interface ReplyProblem {
	problem: MessageId;
	values: Record<string, string | number>;
}

/** How bringing in a reply ended: how many responses were new, or why it was refused. */
export type ReplyOutcome = { count: number } | ReplyProblem;

const refused = (problem: MessageId): ReplyProblem => ({ problem, values: {} });

/** Opens a sealed reply and adds its responses to the share; throws on a bad payload. */
async function bringIn(shareId: string, secret: string, payload: string): Promise<number> {
	const { openReply } = await import('$lib/sync/received');
	return importResponses(shareId, await openReply(payload, secret));
}

/** What went wrong with a reply's payload. */
function problemOf(error: unknown): ReplyProblem {
	if (!(error instanceof ReplyError)) return refused('share.error.corrupt');
	const problem = replyProblem(error);
	return { problem: problem.id, values: problem.values };
}

/** Brings in a payload for one share and says how many responses were new. */
async function importPayload(
	share: { id: string; secret: string },
	payload: string
): Promise<ReplyOutcome> {
	try {
		const count = await bringIn(share.id, share.secret, payload);
		toasts.show(t('share.replyCount', { count }));
		return { count };
	} catch (error) {
		return problemOf(error);
	}
}

/** Brings in a reply link the learner pasted on a share's page. */
export function importReplyLink(
	share: { id: string; secret: string },
	text: string
): Promise<ReplyOutcome> {
	const link = parseShareUrl(text);
	if (!link || link.k !== 'reply') return Promise.resolve(refused('share.error.invalidLink'));
	if (link.i !== share.id) return Promise.resolve(refused('share.error.otherShare'));
	return importPayload(share, link.d);
}

/** Brings in a reply file the learner chose on a share's page. */
export async function importReplyFile(
	share: { id: string; secret: string },
	file: File
): Promise<ReplyOutcome> {
	if (file.size > MAX_SHARE_FILE_BYTES) return refused('share.error.fileTooLarge');
	const envelope = parseShareFile(await file.text());
	if (!envelope || envelope.kind !== 'reply') return refused('share.error.notReplyFile');
	if (envelope.shareId !== share.id) return refused('share.error.otherShare');
	return importPayload(share, envelope.payload);
}

/** Brings in a reply link opened in the learner's browser (no toast: the page says it). */
export async function openReplyLink(shareId: string, payload: string): Promise<ReplyOutcome> {
	const share = await getShare(shareId);
	if (!share) return refused('share.error.unknownShare');
	try {
		return { count: await bringIn(share.id, share.secret, payload) };
	} catch (error) {
		return problemOf(error);
	}
}
