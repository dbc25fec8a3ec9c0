import { formatShareFile } from '$lib/domain/share/file';
import { formatShareLink } from '$lib/domain/share/links';
import type { ShareResponse } from '$lib/domain/share/responses';
import { downloadBlob } from '$lib/export/download';
import { sealReply } from '$lib/sync/received';
import { act } from './action';

/**
 * The coach's side of a reply to a fixed copy of a share (snapshot link or share file): the
 * feedback given in this browser, sealed for the learner into a link or a file. Nothing here
 * touches the database, so the page of an opened snapshot shows it without loading that code;
 * the learner's side (bringing a reply in) is state/replies.
 */

/** The coach's reply link: this browser's feedback on a snapshot, sealed for the learner. */
export function makeReplyLink(
	origin: string,
	share: { id: string; secret: string },
	responses: readonly ShareResponse[]
): Promise<string | undefined> {
	return act(async () => {
		const d = await sealReply(responses, share.secret);
		return formatShareLink(origin, { k: 'reply', i: share.id, d });
	});
}

/** The same reply as a file to send. */
export function downloadReplyFile(
	share: { id: string; secret: string },
	responses: readonly ShareResponse[]
): Promise<void> {
	return act(async () => {
		const payload = await sealReply(responses, share.secret);
		const text = formatShareFile({ kind: 'reply', shareId: share.id, payload });
		downloadBlob(new Blob([text], { type: 'application/json' }), 'reply.koers');
	});
}
