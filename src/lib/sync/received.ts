import * as v from 'valibot';
import { ShareContentSchema, type ShareContent } from '$lib/domain/share/content';
import { ResponseSchema, validResponses, type ShareResponse } from '$lib/domain/share/responses';
import type { ShareLink } from '$lib/domain/share/links';

import { seal, unseal } from './sealed';

/** Opens a snapshot link's content; throws SealError or a parse error on bad input. */
export async function openSnapshot(link: Extract<ShareLink, { k: 'snap' }>): Promise<ShareContent> {
	return parseContent(await unseal(link.d, link.s, 'snapshot'));
}

/** Opens a share file's content with the key from its link. */
export async function openShareFile(payload: string, secret: string): Promise<ShareContent> {
	return parseContent(await unseal(payload, secret, 'file', 64 * 1024 * 1024));
}

/** Seals a share's content for a share file. */
export function sealShareFile(content: ShareContent, secret: string): Promise<string> {
	return seal(content, secret, 'file');
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

/** Opens a reply link's responses; invalid entries are dropped, a bad payload throws. */
export async function openReply(payload: string, secret: string): Promise<ShareResponse[]> {
	const raw = await unseal(payload, secret, 'reply');
	const result = v.safeParse(v.object({ responses: v.array(v.unknown()) }), raw);
	if (!result.success) throw new Error('invalid-content');
	return validResponses(result.output.responses);
}

export { ResponseSchema };
