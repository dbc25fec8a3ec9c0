import * as v from 'valibot';
import { ShareContentSchema, type ShareContent } from '$lib/domain/share/content';
import { readReply, ResponseSchema, type ShareResponse } from '$lib/domain/share/responses';
import type { ShareLink } from '$lib/domain/share/links';

import { seal, unseal } from './sealed';

/** Opens a snapshot link's content; throws SealError or a parse error on bad input. */
export async function openSnapshot(link: Extract<ShareLink, { k: 'snap' }>): Promise<ShareContent> {
	return parseContent(await unseal(link.d, link.s, 'snapshot'));
}

/** Files carried in a share file, keyed "evidenceId/file name". */
export type ShareMedia = Record<string, { type: string; data: string }>;

const MediaSchema = v.record(
	v.pipe(v.string(), v.maxLength(400)),
	v.object({
		type: v.pipe(v.string(), v.maxLength(200)),
		data: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/))
	})
);

/** Opens a share file's content (and the files it carries) with the key from its link. */
export async function openShareFile(
	payload: string,
	secret: string
): Promise<{ content: ShareContent; media: ShareMedia }> {
	const raw = await unseal(payload, secret, 'file', 64 * 1024 * 1024);
	const result = v.safeParse(v.object({ content: v.unknown(), media: MediaSchema }), raw);
	if (!result.success) throw new Error('invalid-content');
	return { content: parseContent(result.output.content), media: result.output.media };
}

/** Seals a share's content, and optionally its files, for a share file. */
export function sealShareFile(
	content: ShareContent,
	media: ShareMedia,
	secret: string
): Promise<string> {
	return seal({ content, media }, secret, 'file');
}

function parseContent(raw: unknown): ShareContent {
	const result = v.safeParse(ShareContentSchema, raw);
	if (!result.success) throw new Error('invalid-content');
	return result.output;
}

/** Seals a share's content for a snapshot link. */
export function sealSnapshot(content: ShareContent, secret: string): Promise<string> {
	return seal(content, secret, 'snapshot');
}

/** Seals the coach's responses for a reply link. */
export function sealReply(responses: readonly ShareResponse[], secret: string): Promise<string> {
	return seal({ responses }, secret, 'reply');
}

/** Opens a reply's responses; a bad payload throws SealError, an invalid response ReplyError. */
export async function openReply(payload: string, secret: string): Promise<ShareResponse[]> {
	return readReply(await unseal(payload, secret, 'reply'));
}

export { ResponseSchema };
