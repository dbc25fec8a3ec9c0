/**
 * The share documents (Y.Docs) of a live share, and the only code that reads or writes them.
 * The publisher writes one document (the peer layer frames messages of any size). Readers still
 * follow a page count, because earlier versions split a share over up to 32 pages (page 0 held
 * the header, the page count and the responses) when y-webrtc lost messages above 256 KiB.
 *
 * Each item is kept as its JSON text, one string per item: Yjs encodes, decodes and applies a
 * string in one step where a nested value costs a step per field, so a 1,000-item share's first
 * sync is encoded, probed (peer/update-guard.ts) and applied about four times faster. Documents
 * of earlier versions hold items as values; they are read as well.
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
import { MAX_RESPONSES, validResponses, type ShareResponse } from '$lib/domain/share/responses';

/** The transaction origin of the learner's own writes. */
export const LEARNER_ORIGIN = 'koers-learner';
const MAX_ITEMS = 5_000;
/** Content per page stayed below this when shares were split (see the module comment). */
export const PAGE_BYTES = 120 * 1024;
/** At most this many pages are followed (a hostile page count cannot exhaust the reader). */
export const MAX_PAGES = 32;

const metaMap = (doc: Y.Doc) => doc.getMap<unknown>('meta');
const contentMap = (doc: Y.Doc) => doc.getMap<unknown>('content');
const responsesMap = (doc: Y.Doc) => doc.getMap<unknown>('responses');
const layoutMap = (doc: Y.Doc) => doc.getMap<unknown>('layout');

/** The room of page `index` of a share whose first page is `room`. */
export const pageRoom = (room: string, index: number) => (index === 0 ? room : `${room}-${index}`);

/** How many pages the items need. */
export function pagesNeeded(items: readonly SharedItem[]): number {
	const bytes = new TextEncoder().encode(JSON.stringify(items)).length;
	return Math.min(MAX_PAGES, Math.max(1, Math.ceil(bytes / PAGE_BYTES)));
}

/** The page an item lives on: a stable hash of its id, so items rarely move. */
export function pageOf(id: string, pages: number): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
	return (hash >>> 0) % pages;
}

/** The page count page 0 announces (validated); 1 when absent. */
export function readPageCount(doc: Y.Doc): number {
	const pages = layoutMap(doc).get('pages');
	return typeof pages === 'number' && Number.isInteger(pages) && pages >= 1
		? Math.min(pages, MAX_PAGES)
		: 1;
}

/** The JSON text of each item written, by the item (a projection keeps unchanged items). */
const jsonOf = new WeakMap<SharedItem, string>();

/** Writes the items of one page, changing only what differs (an entry of another form too). */
function writeItems(doc: Y.Doc, own: readonly SharedItem[]): void {
	const content = contentMap(doc);
	const ids = new Set(own.map((item) => item.id));
	for (const key of [...content.keys()]) if (!ids.has(key)) content.delete(key);
	for (const item of own) {
		let json = jsonOf.get(item);
		if (json === undefined) jsonOf.set(item, (json = JSON.stringify(item)));
		if (content.get(item.id) !== json) content.set(item.id, json);
	}
}

/**
 * Writes the learner's projection over `docs` (its pages), changing only what differs (flow 1).
 * A share of one document changes in one transaction, so a coach applies (and reads) it once.
 */
export function writeContent(
	docs: readonly Y.Doc[],
	meta: ShareMeta,
	items: readonly SharedItem[]
): void {
	const [first] = docs;
	if (!first) return;
	const ownItems = (page: number) =>
		docs.length === 1 ? items : items.filter((item) => pageOf(item.id, docs.length) === page);
	first.transact(() => {
		const m = metaMap(first);
		for (const [key, value] of Object.entries(meta))
			if (JSON.stringify(m.get(key)) !== JSON.stringify(value)) m.set(key, value);
		for (const key of [...m.keys()]) if (!(key in meta)) m.delete(key);
		if (layoutMap(first).get('pages') !== docs.length) layoutMap(first).set('pages', docs.length);
		writeItems(first, ownItems(0));
	}, LEARNER_ORIGIN);
	docs
		.slice(1)
		.forEach((doc, index) =>
			doc.transact(() => writeItems(doc, ownItems(index + 1)), LEARNER_ORIGIN)
		);
}

/** An item read from its JSON text (null if invalid). */
type ReadText = { json: string; item: SharedItem | null };

/**
 * Each item read, by the entry it was read from: a document keeps unchanged entries, so after an
 * edit only the changed ones are parsed and validated again. JSON texts are kept by the id they
 * were read under, per content map, as of the last read; values (of earlier versions) by value.
 */
const readTexts = new WeakMap<Y.Map<unknown>, Map<string, ReadText>>();
const readValues = new WeakMap<object, SharedItem | null>();

function parseItem(json: string): SharedItem | null {
	try {
		return validItems([JSON.parse(json)])[0] ?? null;
	} catch {
		return null;
	}
}

/**
 * The valid items among a page's first `limit` entries that `keep` keeps, in order, and how
 * many entries were looked at.
 */
function readEntries(
	content: Y.Map<unknown>,
	keep: (id: string) => boolean,
	limit: number
): { items: SharedItem[]; looked: number } {
	const before = readTexts.get(content);
	const now = new Map<string, ReadText>();
	const items: SharedItem[] = [];
	let looked = 0;
	for (const [id, raw] of content.entries()) {
		if (!keep(id)) continue;
		if (looked === limit) break;
		looked++;
		let item: SharedItem | null;
		if (typeof raw === 'string') {
			const known = before?.get(id);
			const read = known?.json === raw ? known : { json: raw, item: parseItem(raw) };
			now.set(id, read);
			item = read.item;
		} else if (raw instanceof Object) {
			if (!readValues.has(raw)) readValues.set(raw, validItems([raw])[0] ?? null);
			item = readValues.get(raw) ?? null;
		} else item = null;
		if (item) items.push(item);
	}
	readTexts.set(content, now);
	return { items, looked };
}

/** Reads the shared content of all pages, keeping only valid items; null before publishing. */
export function readContent(docs: readonly Y.Doc[]): ShareContent | null {
	const [first] = docs;
	if (!first) return null;
	const meta = v.safeParse(ShareMetaSchema, metaMap(first).toJSON());
	if (!meta.success) return null;
	// Each item belongs on one page of the count page 0 announces; strays are ignored.
	const count = readPageCount(first);
	// At most MAX_ITEMS entries are read, however many a hostile document holds.
	let budget = MAX_ITEMS;
	const valid = docs.flatMap((doc, page) => {
		const read = readEntries(contentMap(doc), (id) => pageOf(id, count) === page, budget);
		budget -= read.looked;
		return read.items;
	});
	// Of items that share an id, the first is kept (as validItems does).
	const seen = new Set<string>();
	const items = valid.filter((item) => {
		if (seen.has(item.id)) return false;
		seen.add(item.id);
		return true;
	});
	return { meta: meta.output, items };
}

/** Each validated response by the value object it was read from (as `validated` for items). */
const validatedResponses = new WeakMap<object, ShareResponse | null>();

/**
 * Reads the responses, keeping only valid ones (flow 2 reads this; flow 3 writes it), as
 * `validResponses` does: of responses that share an id the first valid one, oldest first, at
 * most MAX_RESPONSES. Each entry is validated once, so an edit does not validate them all again.
 */
export function readResponses(doc: Y.Doc): ShareResponse[] {
	const seen = new Set<string>();
	const valid = [...responsesMap(doc).values()].flatMap((raw) => {
		if (!(raw instanceof Object)) return [];
		let response = validatedResponses.get(raw);
		if (response === undefined) {
			response = validResponses([raw])[0] ?? null;
			validatedResponses.set(raw, response);
		}
		if (!response || seen.has(response.id)) return [];
		seen.add(response.id);
		return [response];
	});
	return valid.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).slice(0, MAX_RESPONSES);
}

/** Adds a coach's or peer's response (flow 3). */
export function addResponse(doc: Y.Doc, response: ShareResponse): void {
	responsesMap(doc).set(response.id, response);
}

/** A part of the document. */
export type DocPart = 'meta' | 'content' | 'responses';

/** Which parts of the document one transaction changed, and who changed them. */
export type DocChange = { parts: ReadonlySet<DocPart>; foreign: boolean };

/**
 * Calls `listener` once after each transaction that changed the document (a first sync is one
 * transaction, so a reader reads once); returns the unsubscribe function.
 */
export function observeDoc(doc: Y.Doc, listener: (change: DocChange) => void): () => void {
	const partOf = new Map<unknown, DocPart>([
		[metaMap(doc), 'meta'],
		[layoutMap(doc), 'meta'],
		[contentMap(doc), 'content'],
		[responsesMap(doc), 'responses']
	]);
	const handler = (transaction: Y.Transaction) => {
		const parts = new Set<DocPart>();
		for (const type of transaction.changed.keys()) {
			const part = partOf.get(type);
			if (part) parts.add(part);
		}
		if (parts.size) listener({ parts, foreign: transaction.origin !== LEARNER_ORIGIN });
	};
	doc.on('afterTransaction', handler);
	return () => doc.off('afterTransaction', handler);
}
