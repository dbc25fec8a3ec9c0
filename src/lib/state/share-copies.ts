import { base64urlnopad } from '@scure/base';
import { attachmentsOf } from '$lib/db/attachments';
import { readFile } from '$lib/db/files';
import type { ShareContent } from '$lib/domain/share/content';
import { formatShareFile } from '$lib/domain/share/file';
import { formatShareLink, SAFE_LINK_BYTES } from '$lib/domain/share/links';
import { downloadBlob } from '$lib/export/download';
import { safeFileName } from '$lib/export/file-names';
import type { ShareMedia } from '$lib/sync/received';
import { act } from './action';

/**
 * Fixed copies of a share, for when learner and coach are never online together: a snapshot
 * link that carries the text, and an encrypted share file (optionally with the files) whose key
 * travels in a separate link.
 */

/** Files travel in the share file only up to this much, to keep it sendable. */
export const MAX_SHARE_FILE_MEDIA = 25 * 1024 * 1024;

/** A snapshot link, or its size when it is too long to pass on safely. */
export type SnapshotLink = { link: string; bytes: number } | { tooLarge: number };

/** Seals the content into a snapshot link; undefined when that failed (the learner was told). */
export function makeSnapshotLink(
	origin: string,
	content: ShareContent,
	secret: string
): Promise<SnapshotLink | undefined> {
	return act(async () => {
		const { sealSnapshot } = await import('$lib/sync/received');
		const d = await sealSnapshot(content, secret);
		const link = formatShareLink(origin, { k: 'snap', i: content.meta.shareId, s: secret, d });
		const bytes = new TextEncoder().encode(link).length;
		return bytes > SAFE_LINK_BYTES ? { tooLarge: bytes } : { link, bytes };
	});
}

/** The link that opens a share file (it carries the key, never the content). */
export function shareFileKeyLink(origin: string, content: ShareContent, secret: string): string {
	return formatShareLink(origin, { k: 'file', i: content.meta.shareId, s: secret });
}

/** The shared evidence's files, read from storage, keyed "evidenceId/name"; null when too large. */
async function collectMedia(content: ShareContent): Promise<ShareMedia | null> {
	const media: ShareMedia = {};
	let total = 0;
	for (const item of content.items) {
		if (item.kind !== 'evidence' || item.files.length === 0) continue;
		for (const attachment of await attachmentsOf(item.id)) {
			total += attachment.size;
			if (total > MAX_SHARE_FILE_MEDIA) return null;
			const bytes = new Uint8Array(await (await readFile(attachment.sha256)).arrayBuffer());
			media[`${item.id}/${attachment.name}`] = {
				type: attachment.type,
				data: base64urlnopad.encode(bytes)
			};
		}
	}
	return media;
}

/** Seals the share (with its files when asked) into a share file's text; null when too large. */
export async function sealShareFileText(
	content: ShareContent,
	secret: string,
	withFiles: boolean
): Promise<string | null> {
	const media = withFiles ? await collectMedia(content) : {};
	if (media === null) return null;
	const { sealShareFile } = await import('$lib/sync/received');
	const payload = await sealShareFile(content, media, secret);
	return formatShareFile({ kind: 'share', shareId: content.meta.shareId, payload });
}

/**
 * Downloads the share file. False when its files are too large to include; undefined when it
 * failed (the learner was told).
 */
export function downloadShareFile(
	content: ShareContent,
	secret: string,
	withFiles: boolean
): Promise<boolean | undefined> {
	return act(async () => {
		const text = await sealShareFileText(content, secret, withFiles);
		if (text === null) return false;
		downloadBlob(
			new Blob([text], { type: 'application/json' }),
			`${safeFileName(content.meta.title)}.koers`
		);
		return true;
	});
}
