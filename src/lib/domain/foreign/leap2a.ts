import { isIsoDate, toIsoDate } from '../dates';
import { isWebUrl, type Evidence } from '../evidence';
import type { Goal } from '../goal';
import type { Reflection } from '../reflection';
import { fitTags } from '../tags';
import type { EvidenceFormat } from '../vocab';
import {
	clip,
	decodedOrSelf,
	ForeignFileError,
	importedGoal,
	stableId,
	stampOr,
	type ForeignBundle,
	type ForeignFile
} from './bundle';

/**
 * LEAP2A (http://www.leapspecs.org/2A/): the Atom-based portfolio format Mahara and Moodle
 * export. Entries are typed with rdf:type (leap2:entry, leap2:resource, leap2:plan, …) and
 * related with links (leap2:reflects_on, leap2:has_attachment, leap2:is_part_of, …).
 *
 * Mapping into Koers:
 * - plan → goal (a leap2:date with point "target" becomes its target date);
 * - entry, resource, achievement, publication, activity, ability, meeting → evidence;
 * - an entry that reflects_on another entry or plan → a reflection on the record made from it;
 * - attached or enclosed files (has_attachment to a resource, enclosure links, content src) are
 *   kept as files of the evidence; a resource's own file is the evidence's file;
 * - an entry that supports / is evidence of a plan is linked to the goal made from it;
 * - the titles of selections (a blog, a collection) an entry is part of become tags.
 */
export const ATOM = 'http://www.w3.org/2005/Atom';
export const LEAP2 = 'http://terms.leapspecs.org/';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

export const MAX_LEAP2A_BYTES = 50 * 1024 * 1024;

const EVIDENCE_TYPES = new Set([
	'entry',
	'resource',
	'achievement',
	'publication',
	'activity',
	'ability',
	'meeting',
	'affiliation'
]);

interface RawEntry {
	id: string;
	type: string;
	title: string;
	/** The content as Markdown. */
	text: string;
	/** The file a resource's content points to, if any. */
	src: { href: string; type: string } | null;
	published: string | null;
	updated: string | null;
	dates: Map<string, string>;
	links: { rel: string; href: string; type: string; title: string }[];
	categories: { term: string; scheme: string }[];
}

/** The last segment of a CURIE ("leap2:entry") or URI ("http://terms.leapspecs.org/entry"). */
function term(value: string | null): string {
	if (!value) return '';
	return value.replace(/^.*[:/#]/, '');
}

function childrenNS(parent: Element, ns: string, name: string): Element[] {
	return [...parent.children].filter((c) => c.namespaceURI === ns && c.localName === name);
}

function childText(parent: Element, ns: string, name: string): string | null {
	return childrenNS(parent, ns, name)[0]?.textContent?.trim() ?? null;
}

/** An attribute in the leap2 namespace, or the same name without a namespace (both occur). */
function leapAttr(el: Element, name: string): string | null {
	return (
		el.getAttributeNS(LEAP2, name) ?? el.getAttribute(name) ?? el.getAttribute(`leap2:${name}`)
	);
}

function readEntry(entry: Element, toMarkdown: (html: string) => string): RawEntry {
	const typeEl = childrenNS(entry, RDF, 'type')[0];
	const content = childrenNS(entry, ATOM, 'content')[0];
	const contentType = content?.getAttribute('type') ?? 'text';
	let text = '';
	let src: RawEntry['src'] = null;
	if (content?.getAttribute('src')) {
		src = { href: content.getAttribute('src')!, type: contentType };
	} else if (content) {
		if (contentType === 'html') text = toMarkdown(content.textContent ?? '');
		else if (contentType === 'xhtml') {
			const div = [...content.children][0];
			text = toMarkdown(div ? new XMLSerializer().serializeToString(div) : '');
		} else text = content.textContent?.trim() ?? '';
	}
	const summary = childText(entry, ATOM, 'summary');
	if (!text && summary) text = summary;
	const dates = new Map<string, string>();
	for (const d of childrenNS(entry, LEAP2, 'date')) {
		const point = leapAttr(d, 'point') ?? 'start';
		const value = (d.textContent?.trim() || leapAttr(d, 'date') || '').slice(0, 10);
		if (isIsoDate(value)) dates.set(point, value);
	}
	return {
		id: childText(entry, ATOM, 'id') ?? '',
		type: term(
			typeEl?.getAttributeNS(RDF, 'resource') ?? typeEl?.getAttribute('rdf:resource') ?? null
		),
		title: childText(entry, ATOM, 'title') ?? '',
		text,
		src,
		published: childText(entry, ATOM, 'published'),
		updated: childText(entry, ATOM, 'updated'),
		dates,
		links: childrenNS(entry, ATOM, 'link').map((l) => ({
			rel: term(l.getAttribute('rel')),
			href: l.getAttribute('href') ?? '',
			type: l.getAttribute('type') ?? '',
			title: l.getAttribute('title') ?? ''
		})),
		categories: childrenNS(entry, ATOM, 'category').map((c) => ({
			term: c.getAttribute('term') ?? '',
			scheme: c.getAttribute('scheme') ?? ''
		}))
	};
}

/** Parses LEAP2A XML; refuses anything that is not an Atom feed, and every DTD. */
export function parseLeap2aXml(xml: string): Document {
	if (xml.length > MAX_LEAP2A_BYTES) throw new ForeignFileError('tooLarge');
	// Atom needs no DTD; refusing them rules out entity-expansion attacks and external entities.
	if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ForeignFileError('doctype');
	const doc = new DOMParser().parseFromString(xml, 'application/xml');
	if (doc.getElementsByTagName('parsererror').length) throw new ForeignFileError('notXml');
	const root = doc.documentElement;
	if (root.namespaceURI !== ATOM || root.localName !== 'feed') {
		throw new ForeignFileError('notLeap2a');
	}
	return doc;
}

function formatOf(entry: RawEntry, fileType: string | null, inBlog: boolean): EvidenceFormat {
	if (entry.type === 'achievement') return 'certificate';
	if (entry.type === 'publication') return 'report';
	if (fileType?.startsWith('image/')) return 'photo';
	if (fileType?.startsWith('video/')) return 'film';
	if (fileType?.startsWith('audio/')) return 'audio';
	if (entry.type === 'resource') return 'other';
	return inBlog ? 'blog' : 'report';
}

/** The file name of a path in the export ("files/1/talk.mp4" → "talk.mp4"). */
function fileName(href: string, title: string): string {
	const last = decodedOrSelf(href.split('/').pop() ?? '').trim();
	return (title || last || 'file').slice(0, 255);
}

/**
 * Turns a LEAP2A feed into Koers records. `hasFile` tells which referenced paths exist in the
 * export, so a missing file is left out rather than attached empty.
 */
export async function leap2aToBundle(
	doc: Document,
	options: {
		toMarkdown: (html: string) => string;
		hasFile: (path: string) => boolean;
		now: string;
	}
): Promise<ForeignBundle> {
	const feed = doc.documentElement;
	const feedId = childText(feed, ATOM, 'id') ?? 'leap2a';
	const entries = childrenNS(feed, ATOM, 'entry').map((e) => readEntry(e, options.toMarkdown));
	if (!entries.length) throw new ForeignFileError('empty');
	// An entry listed twice would become two records with one id: refuse the export instead.
	const seen = new Set<string>();
	for (const e of entries) {
		if (seen.has(e.id)) throw new ForeignFileError('duplicate', e.id.slice(0, 200));
		seen.add(e.id);
	}
	const byId = new Map(entries.map((e) => [e.id, e]));
	const ids = new Map<string, string>();
	for (const e of entries)
		ids.set(e.id, await stableId(e.type === 'plan' ? 'goal' : 'item', feedId, e.id));

	const linked = (e: RawEntry, ...rels: string[]) =>
		e.links
			.filter((l) => rels.includes(l.rel))
			.map((l) => byId.get(l.href))
			.filter((x) => x !== undefined);
	const reflectsOn = (e: RawEntry): RawEntry | undefined => {
		const target = linked(e, 'reflects_on')[0];
		if (target) return target;
		return entries.find((other) => linked(other, 'reflected_on_by').includes(e));
	};

	const goals: Goal[] = [];
	const evidence: Evidence[] = [];
	const reflections: Reflection[] = [];
	const files: ForeignFile[] = [];
	let skipped = 0;
	const missingFiles = new Set<string>();
	const attachedResources = new Set<RawEntry>();

	for (const e of entries.filter((x) => x.type === 'plan')) {
		const stamp = stampOr(e.updated, options.now);
		const target = e.dates.get('target') ?? e.dates.get('end') ?? null;
		goals.push(
			importedGoal({
				id: ids.get(e.id)!,
				title: clip(e.title || 'Goal', 200),
				description: clip(e.text, 20_000),
				targetDate: target,
				status: e.categories.some((c) => /complete|achieved|done/i.test(c.term))
					? 'achieved'
					: 'planned',
				createdAt: stampOr(e.published, stamp),
				updatedAt: stamp
			})
		);
	}

	// Resources attached to an entry become that entry's files, not evidence of their own.
	for (const e of entries) {
		for (const r of linked(e, 'has_attachment'))
			if (r.type === 'resource') attachedResources.add(r);
	}

	for (const e of entries) {
		if (e.type === 'plan' || e.type === 'selection') continue;
		if (!EVIDENCE_TYPES.has(e.type) || attachedResources.has(e)) {
			if (!attachedResources.has(e)) skipped++;
			continue;
		}
		const id = ids.get(e.id)!;
		const stamp = stampOr(e.updated, options.now);
		const target = reflectsOn(e);
		if (
			target &&
			target.type !== 'selection' &&
			ids.has(target.id) &&
			!attachedResources.has(target)
		) {
			reflections.push({
				id,
				subjectKind: target.type === 'plan' ? 'goal' : 'evidence',
				subjectId: ids.get(target.id)!,
				date: e.dates.get('start') ?? stamp.slice(0, 10),
				template: 'free',
				steps: { text: clip([e.title, e.text].filter(Boolean).join('\n\n'), 100_000) },
				createdAt: stampOr(e.published, stamp),
				updatedAt: stamp
			});
			continue;
		}

		const own: ForeignFile[] = [];
		const addFile = async (href: string, type: string, title: string) => {
			if (!options.hasFile(href)) {
				missingFiles.add(fileName(href, title));
				return;
			}
			if (own.some((f) => f.ref === href)) return;
			own.push({
				attachmentId: await stableId('file', feedId, e.id, href),
				ownerId: id,
				ref: href,
				name: fileName(href, title),
				type: type || 'application/octet-stream',
				createdAt: stamp
			});
		};
		if (e.src) await addFile(e.src.href, e.src.type, e.title);
		for (const l of e.links.filter((x) => x.rel === 'enclosure'))
			await addFile(l.href, l.type, l.title);
		for (const r of linked(e, 'has_attachment')) {
			if (r.src) await addFile(r.src.href, r.src.type, r.title);
			for (const l of r.links.filter((x) => x.rel === 'enclosure'))
				await addFile(l.href, l.type, r.title || l.title);
		}

		const selections = linked(e, 'is_part_of').filter((s) => s.type === 'selection');
		const inBlog = selections.some((s) => s.categories.some((c) => /blog|journal/i.test(c.term)));
		const goalIds = [
			...linked(e, 'supports', 'is_evidence_of'),
			...entries.filter((p) => linked(p, 'supported_by', 'evidence').includes(e))
		]
			.filter((p) => p.type === 'plan')
			.map((p) => ids.get(p.id)!);
		const web = e.links.find((l) => l.rel === 'alternate' && isWebUrl(l.href));
		// A resource is its file: its format follows the file's type.
		const ownFile = e.type === 'resource' ? (own[0]?.type ?? null) : null;
		evidence.push({
			id,
			format: formatOf(e, ownFile, inBlog),
			title: clip(e.title || fileName(e.src?.href ?? '', ''), 200),
			date: e.dates.get('start') ?? e.dates.get('end') ?? stamp.slice(0, 10) ?? toIsoDate(),
			description: '',
			body: clip(e.text, 1_000_000),
			url: web?.href.slice(0, 2_000) ?? null,
			goalIds: [...new Set(goalIds)],
			// Tags travel as categories without a scheme (Mahara); schemed ones are types, not tags.
			tags: fitTags([
				...selections.map((s) => s.title),
				...e.categories.filter((c) => !c.scheme).map((c) => c.term)
			]),
			createdAt: stampOr(e.published, stamp),
			updatedAt: stamp
		});
		files.push(...own);
	}
	return { goals, evidence, reflections, files, skipped, missingFiles: [...missingFiles] };
}
