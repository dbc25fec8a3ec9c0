import type { Options, SearchOptions } from 'minisearch';
import type { Evidence } from './evidence';
import type { Goal } from './goal';
import type { PeActivity } from './pe/activity';
import type { Reflection } from './reflection';

/** One searchable item: a goal, a piece of evidence, a reflection or a PE activity. */
export interface SearchDoc {
	/** kind:id, unique across kinds. */
	key: string;
	kind: 'goal' | 'evidence' | 'reflection' | 'activity';
	id: string;
	title: string;
	text: string;
	tags: string;
	date: string;
}

/** Lower case without accents, so "reflectie" finds "Reflectié" and "coordinatie" "coördinatie". */
export function normalise(term: string): string {
	return term
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase();
}

/** Markdown reduced to its words, for indexing and snippets. */
function plain(markdown: string): string {
	return (
		markdown
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
			// List, heading and quote markers at the start of a word; emphasis anywhere. Hyphens
			// inside words ("one-to-one") stay.
			.replace(/(^|\s)[#>*+-]+(?=\s)/g, ' ')
			.replace(/[*_`~|]+/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** Everything the learner wrote, as search documents. */
export function searchDocs(portfolio: {
	goals: readonly Goal[];
	evidence: readonly Evidence[];
	reflections: readonly Reflection[];
	peActivities: readonly PeActivity[];
}): SearchDoc[] {
	const titles = new Map<string, string>([
		...portfolio.goals.map((g) => [g.id, g.title] as const),
		...portfolio.evidence.map((e) => [e.id, e.title] as const)
	]);
	return [
		...portfolio.goals.map((g) => ({
			key: `goal:${g.id}`,
			kind: 'goal' as const,
			id: g.id,
			title: g.title,
			text: plain(
				[g.description, g.settingContext, g.priorKnowledge, ...g.successCriteria].join(' ')
			),
			tags: g.tags.join(' '),
			date: g.targetDate ?? g.updatedAt.slice(0, 10)
		})),
		...portfolio.evidence.map((e) => ({
			key: `evidence:${e.id}`,
			kind: 'evidence' as const,
			id: e.id,
			title: e.title,
			text: plain([e.description, e.body, e.url ?? ''].join(' ')),
			tags: e.tags.join(' '),
			date: e.date
		})),
		...portfolio.reflections.map((r) => ({
			key: `reflection:${r.id}`,
			kind: 'reflection' as const,
			id: r.id,
			title: titles.get(r.subjectId) ?? '',
			text: plain(Object.values(r.steps).join(' ')),
			tags: '',
			date: r.date
		})),
		...portfolio.peActivities.map((a) => ({
			key: `activity:${a.id}`,
			kind: 'activity' as const,
			id: a.id,
			title: a.title,
			text: plain([a.provider, a.accreditationCode, a.reflection].join(' ')),
			tags: '',
			date: a.endDate
		}))
	];
}

/** Edits a whole typed word may differ by and still match (MiniSearch's `fuzzy`). */
export function wholeWordTypos(length: number): number {
	return length > 4 ? Math.round(length * 0.2) : 0;
}

/** How MiniSearch indexes the documents: titles weigh most, prefixes and small typos match. */
export const INDEX_OPTIONS: Options<SearchDoc> = {
	idField: 'key',
	fields: ['title', 'text', 'tags'],
	storeFields: ['kind', 'id', 'title', 'date', 'text'],
	processTerm: (term) => normalise(term),
	searchOptions: {
		boost: { title: 3, tags: 2 },
		prefix: true,
		fuzzy: (term) => wholeWordTypos(term.length) || false,
		combineWith: 'AND'
	} satisfies SearchOptions
};

/** A piece of text around the first matching word, split so matches can be marked. */
export function snippet(
	text: string,
	terms: readonly string[],
	radius = 70
): { text: string; hit: boolean }[] {
	if (!text) return [];
	const folded = normalise(text);
	const wanted = terms.map(normalise).filter(Boolean);
	const first = Math.min(
		...wanted.map((t) => {
			const at = folded.indexOf(t);
			return at < 0 ? Number.POSITIVE_INFINITY : at;
		})
	);
	const start = Number.isFinite(first) ? Math.max(0, first - radius) : 0;
	const end = Math.min(text.length, (Number.isFinite(first) ? first : 0) + radius * 2);
	const piece = text.slice(start, end);
	const foldedPiece = folded.slice(start, end);
	const parts: { text: string; hit: boolean }[] = [];
	let at = 0;
	while (at < piece.length) {
		let next = -1;
		let length = 0;
		for (const t of wanted) {
			const i = foldedPiece.indexOf(t, at);
			if (i >= 0 && (next < 0 || i < next)) {
				next = i;
				length = t.length;
			}
		}
		if (next < 0) {
			parts.push({ text: piece.slice(at), hit: false });
			break;
		}
		if (next > at) parts.push({ text: piece.slice(at, next), hit: false });
		parts.push({ text: piece.slice(next, next + length), hit: true });
		at = next + length;
	}
	if (start > 0) parts.unshift({ text: '…', hit: false });
	if (end < text.length) parts.push({ text: '…', hit: false });
	return parts;
}
