/**
 * The share document (one Y.Doc per live share) and the only code that reads or writes it.
 *
 * Directions of flow:
 * 1. Learner's database → `meta` and `content` (one way). The learner's app rewrites them from
 *    its own records; edits that arrive from elsewhere are ignored and overwritten.
 * 2. `responses` → learner's database: feedback and sign-offs, validated, imported by id.
 * 3. Coach's or peer's UI → `responses`. Their app never writes `meta` or `content`.
 * Everything read from the document is validated: anyone holding the secret can write to it.
 */
import * as Y from 'yjs';
import * as v from 'valibot';
import {
	ShareMetaSchema,
	validItems,
	type ShareContent,
	type ShareMeta,
	type SharedItem
} from '$lib/domain/share/content';
import { validResponses, type ShareResponse } from '$lib/domain/share/responses';

/** The transaction origin of the learner's own writes. */
export const LEARNER_ORIGIN = 'koers-learner';
const MAX_ITEMS = 5_000;

const metaMap = (doc: Y.Doc) => doc.getMap<unknown>('meta');
const contentMap = (doc: Y.Doc) => doc.getMap<unknown>('content');
const responsesMap = (doc: Y.Doc) => doc.getMap<unknown>('responses');

/** Writes the learner's projection, changing only what differs (flow 1). */
export function writeContent(doc: Y.Doc, meta: ShareMeta, items: readonly SharedItem[]): void {
	doc.transact(() => {
		const m = metaMap(doc);
		for (const [key, value] of Object.entries(meta))
			if (JSON.stringify(m.get(key)) !== JSON.stringify(value)) m.set(key, value);
		for (const key of [...m.keys()]) if (!(key in meta)) m.delete(key);
		const content = contentMap(doc);
		const ids = new Set(items.map((item) => item.id));
		for (const key of [...content.keys()]) if (!ids.has(key)) content.delete(key);
		for (const item of items)
			if (JSON.stringify(content.get(item.id)) !== JSON.stringify(item)) content.set(item.id, item);
	}, LEARNER_ORIGIN);
}

/** Reads the shared content, keeping only valid items; null before the learner has published. */
export function readContent(doc: Y.Doc): ShareContent | null {
	const meta = v.safeParse(ShareMetaSchema, metaMap(doc).toJSON());
	if (!meta.success) return null;
	return {
		meta: meta.output,
		items: validItems([...contentMap(doc).values()].slice(0, MAX_ITEMS))
	};
}

/** Reads the responses, keeping only valid ones (flow 2 reads this; flow 3 writes it). */
export function readResponses(doc: Y.Doc): ShareResponse[] {
	return validResponses([...responsesMap(doc).values()]);
}

/** Adds a coach's or peer's response (flow 3). */
export function addResponse(doc: Y.Doc, response: ShareResponse): void {
	responsesMap(doc).set(response.id, response);
}

/** Which part of the document changed, and who changed it. */
export type DocChange = { part: 'meta' | 'content' | 'responses'; foreign: boolean };

/** Subscribes to every change of the document; returns the unsubscribe function. */
export function observeDoc(doc: Y.Doc, listener: (change: DocChange) => void): () => void {
	const parts = [
		['meta', metaMap(doc)],
		['content', contentMap(doc)],
		['responses', responsesMap(doc)]
	] as const;
	const handlers = parts.map(([part, map]) => {
		const handler = (_event: unknown, transaction: Y.Transaction) =>
			listener({ part, foreign: transaction.origin !== LEARNER_ORIGIN });
		map.observe(handler);
		return () => map.unobserve(handler);
	});
	return () => handlers.forEach((off) => off());
}
