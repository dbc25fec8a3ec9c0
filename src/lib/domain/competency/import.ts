import Papa from 'papaparse';
import * as v from 'valibot';
import {
	CompetencySchema,
	LevelSchema,
	MAX_COMPETENCIES,
	MAX_LEVELS,
	levelProblem,
	treeProblem,
	type Competency,
	type Framework,
	type Level,
	competencyLabel
} from './framework';

/** A framework read from a file, before it gets its id and timestamps. */
export type FrameworkDraft = Omit<Framework, 'id' | 'createdAt' | 'updatedAt'>;

/** Why a framework file was refused; each has a message for the learner. */
export class FrameworkImportError extends Error {
	constructor(
		readonly code:
			| 'notJson'
			| 'notCase'
			| 'notMatrix'
			| 'csvEmpty'
			| 'csvColumns'
			| 'csvRow'
			| 'tooMany'
			| 'tree'
			| 'parentMissing'
			| 'duplicate'
			| 'invalid'
			| 'tooLarge',
		readonly detail = '',
		/** For `parentMissing`: the id of the parent that is not in the file. */
		readonly missing = ''
	) {
		super(`Framework refused: ${code}${detail ? ` (${detail})` : ''}`);
		this.name = 'FrameworkImportError';
	}
}

export const MAX_FRAMEWORK_BYTES = 20 * 1024 * 1024;

const clip = (value: unknown, max: number) =>
	typeof value === 'string' ? value.trim().slice(0, max) : '';

/** Checks the competencies and levels completely, so nothing half-valid is stored. */
function finish(draft: FrameworkDraft): FrameworkDraft {
	if (draft.competencies.length > MAX_COMPETENCIES) {
		throw new FrameworkImportError('tooMany', String(draft.competencies.length));
	}
	const problem = treeProblem(draft.competencies) ?? levelProblem(draft.levels);
	if (problem?.startsWith('duplicate:'))
		throw new FrameworkImportError('duplicate', problem.slice('duplicate:'.length));
	if (problem?.startsWith('parent:')) {
		const orphan = draft.competencies.find((c) => c.id === problem.slice('parent:'.length))!;
		throw parentMissing(orphan, orphan.parentId ?? '');
	}
	if (problem) throw new FrameworkImportError('tree', problem);
	for (const [i, c] of draft.competencies.entries()) {
		const result = v.safeParse(CompetencySchema, c);
		if (!result.success) throw new FrameworkImportError('invalid', `${i + 1}: ${c.code || c.id}`);
	}
	for (const level of draft.levels) {
		if (!v.safeParse(LevelSchema, level).success)
			throw new FrameworkImportError('invalid', level.id);
	}
	return draft;
}

/** A competency placed under an item that is not in the file, named as the learner sees it. */
function parentMissing(
	competency: Pick<Competency, 'code' | 'title'>,
	missing: string
): FrameworkImportError {
	const label = competencyLabel(competency);
	const short = label.length > 80 ? `${label.slice(0, 79)}…` : label;
	return new FrameworkImportError('parentMissing', short, missing.slice(0, 100));
}

/** Turns HTML from another system into Markdown, the form Koers keeps text in. */
export type ToMarkdown = (html: string) => string;

const asIs: ToMarkdown = (text) => text;

/**
 * One line of plain text from a Markdown statement (for a title): the first line, without
 * heading and list marks, emphasis, code marks and link targets.
 */
export function plainLine(markdown: string): string {
	const line = markdown.split('\n').find((l) => l.trim()) ?? '';
	return line
		.replace(/^\s{0,3}(#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)/, '')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/(\*\*|__|\*|_|`|~~)(\S(?:.*?\S)?)\1/g, '$2')
		.trim();
}

function parseJson(text: string): unknown {
	if (text.length > MAX_FRAMEWORK_BYTES) throw new FrameworkImportError('tooLarge');
	try {
		return JSON.parse(text);
	} catch {
		throw new FrameworkImportError('notJson');
	}
}

/** A number from the file when it is a finite one (1e400 parses as ∞), else `fallback`. */
const finiteOr = (value: unknown, fallback: number) =>
	typeof value === 'number' && Number.isFinite(value) ? value : fallback;

const isObject = (value: unknown): value is Record<string, unknown> =>
	!!value && typeof value === 'object' && !Array.isArray(value);

/**
 * 1EdTech CASE 1.1 (https://www.imsglobal.org/spec/case/v1p1/): a CFPackage with a CFDocument,
 * CFItems, and CFAssociations of type isChildOf (origin = child, destination = parent or the
 * document). Levels come from the package's first rubric, when it has one.
 */
export function parseCase(text: string, fallbackLevels: Level[]): FrameworkDraft {
	const raw = parseJson(text);
	const pkg = isObject(raw) && isObject(raw.CFPackage) ? raw.CFPackage : raw;
	if (!isObject(pkg) || !isObject(pkg.CFDocument) || !Array.isArray(pkg.CFItems)) {
		throw new FrameworkImportError('notCase');
	}
	const doc = pkg.CFDocument;
	const docId = clip(doc.identifier, 500);
	const items = pkg.CFItems.filter(isObject);
	if (items.length > MAX_COMPETENCIES)
		throw new FrameworkImportError('tooMany', String(items.length));
	const ids = new Set(items.map((i) => clip(i.identifier, 200)));
	const parent = new Map<string, { id: string; order: number }>();
	const dangling = new Map<string, string>();
	for (const a of (Array.isArray(pkg.CFAssociations) ? pkg.CFAssociations : []).filter(isObject)) {
		if (a.associationType !== 'isChildOf') continue;
		const child = isObject(a.originNodeURI) ? clip(a.originNodeURI.identifier, 200) : '';
		const of = isObject(a.destinationNodeURI) ? clip(a.destinationNodeURI.identifier, 500) : '';
		if (!ids.has(child) || parent.has(child)) continue;
		const order = finiteOr(a.sequenceNumber, Number.MAX_SAFE_INTEGER);
		// Under the document is top level; under anything else not in the file is refused below.
		if (!ids.has(of) && (of !== docId || !of)) dangling.set(child, of);
		parent.set(child, { id: ids.has(of) ? of : '', order });
	}
	const competencies: (Competency & { order: number; index: number })[] = items.map(
		(item, index) => {
			const id = clip(item.identifier, 200);
			// CASE statements may be written in Markdown: the title is one plain line of it.
			const full = clip(item.fullStatement, 5_000);
			const short = plainLine(clip(item.abbreviatedStatement, 500));
			const title = (short || plainLine(full)).slice(0, 500);
			const code = clip(item.humanCodingScheme, 50);
			const notes = clip(item.notes, 5_000);
			const link = parent.get(id);
			return {
				id,
				code: code === title ? '' : code,
				title,
				description: [full === title ? '' : full, notes]
					.filter(Boolean)
					.join('\n\n')
					.slice(0, 5_000),
				parentId: link?.id || null,
				order: link?.order ?? Number.MAX_SAFE_INTEGER,
				index
			};
		}
	);
	const [orphan] = dangling;
	if (orphan)
		throw parentMissing(
			competencies.find((c) => c.id === orphan[0])!,
			orphan[1]
		);
	competencies.sort((a, b) => a.order - b.order || a.index - b.index);

	const rubric = (Array.isArray(pkg.CFRubrics) ? pkg.CFRubrics : []).filter(isObject)[0];
	const criterion =
		rubric && Array.isArray(rubric.CFRubricCriteria)
			? rubric.CFRubricCriteria.filter(isObject)[0]
			: undefined;
	const rubricLevels = (
		criterion && Array.isArray(criterion.CFRubricCriterionLevels)
			? criterion.CFRubricCriterionLevels
			: []
	)
		.filter(isObject)
		.sort((a, b) => finiteOr(Number(a.position ?? 0), 0) - finiteOr(Number(b.position ?? 0), 0))
		.slice(0, MAX_LEVELS)
		.map((level, i) => ({
			id: clip(level.identifier, 200) || `l${i + 1}`,
			name: clip(level.quality, 100) || `${i + 1}`,
			description: clip(level.description, 2_000)
		}));

	return finish({
		title: clip(doc.title, 200) || 'CASE framework',
		description: clip(doc.description, 5_000),
		source: 'case',
		sourceId: docId || null,
		levels: rubricLevels.length ? rubricLevels : fallbackLevels,
		competencies: competencies.map(({ order: _o, index: _i, ...c }) => c)
	});
}

/** Mahara's evidence status types (framework_evidence_statuses.type), by key and by number. */
const MAHARA_STATUS_TYPES: Record<string, number> = {
	begun: 0,
	incomplete: 1,
	partialcomplete: 2,
	completed: 3,
	'0': 0,
	'1': 1,
	'2': 2,
	'3': 3
};

/**
 * The matrix's own names for its four evidence statuses, by type. Mahara writes them as a list
 * of one-key objects (`[{"begun": "…"}, …]`); an object of all four is read too.
 */
function maharaStatusNames(raw: unknown): (string | undefined)[] {
	const entries = Array.isArray(raw)
		? raw.filter(isObject).flatMap((choice) => Object.entries(choice).slice(0, 1))
		: isObject(raw)
			? Object.entries(raw)
			: [];
	const names: (string | undefined)[] = [];
	for (const [key, value] of entries) {
		const type = Object.hasOwn(MAHARA_STATUS_TYPES, key) ? MAHARA_STATUS_TYPES[key] : undefined;
		const name = clip(value, 100);
		if (type !== undefined && name && names[type] === undefined) names[type] = name;
	}
	return names;
}

/** A Mahara id (standardid, elementid, parentelementid): a number or a string, else none. */
function maharaId(value: unknown): string | undefined {
	const id = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
	return id ? id.slice(0, 100) : undefined;
}

/**
 * A Mahara SmartEvidence matrix (`.matrix`, JSON): a framework of standards, each with
 * standard elements (which may have a parent element in the same standard). Read as Mahara's
 * own import reads it (module/framework/lib.php): elements listed in `standardelements` (or,
 * in the older form, nested in each standard's `standardelement`) belong to the standard with
 * their `standardid`. Mahara keeps an element listed twice as two rows and hangs children on the
 * first; Koers keeps the first only, since a keyed list cannot hold one id twice. Descriptions
 * are HTML and become Markdown through `toMarkdown`. The evidence statuses become the levels, in
 * Mahara's order; a status the matrix does not name keeps Mahara's default (`statusLevels`).
 */
export function parseMaharaMatrix(
	text: string,
	statusLevels: Level[],
	toMarkdown: ToMarkdown = asIs
): FrameworkDraft {
	const raw = parseJson(text);
	const framework = isObject(raw) && isObject(raw.framework) ? raw.framework : null;
	if (!framework || !Array.isArray(framework.standards))
		throw new FrameworkImportError('notMatrix');
	const describe = (value: unknown) => toMarkdown(clip(value, 20_000)).slice(0, 5_000);
	const named = (item: Record<string, unknown>) => {
		const name = clip(item.name, 500);
		const code = clip(item.shortname, 50);
		return { code: code.toLowerCase() === name.toLowerCase() ? '' : code, title: name || code };
	};

	const competencies: Competency[] = [];
	const standardIds = new Map<string, string>();
	const nested: Record<string, unknown>[] = [];
	for (const [i, standard] of framework.standards.filter(isObject).entries()) {
		const key = maharaId(standard.standardid) ?? `#${i + 1}`;
		if (standardIds.has(key)) continue; // listed twice: kept once
		const id = `s${key}`;
		standardIds.set(key, id);
		competencies.push({
			id,
			...named(standard),
			description: describe(standard.description),
			parentId: null
		});
		const own = Array.isArray(standard.standardelement) ? standard.standardelement : [];
		nested.push(...own.filter(isObject).map((e) => ({ ...e, standardid: key })));
	}

	const elements = Array.isArray(framework.standardelements)
		? framework.standardelements.filter(isObject)
		: nested;
	const used = new Set(competencies.map((c) => c.id));
	const inStandard = new Map<string, Map<string, string>>();
	const placed: { competency: Competency; standard: string; parent: string | undefined }[] = [];
	for (const [i, element] of elements.entries()) {
		const competency: Competency = {
			id: '',
			...named(element),
			description: describe(element.description),
			parentId: null
		};
		const standard = maharaId(element.standardid) ?? '';
		const standardId = standardIds.get(standard);
		if (!standardId) throw parentMissing(competency, `standard ${standard}`);
		const scope = inStandard.get(standard) ?? new Map<string, string>();
		inStandard.set(standard, scope);
		const elementId = maharaId(element.elementid);
		if (elementId !== undefined && scope.has(elementId)) continue; // listed twice: kept once
		let id = `e${elementId ?? `#${i + 1}`}`;
		if (used.has(id)) id = `s${standard}-${id}`; // the same element id in another standard
		for (let n = 2; used.has(id); n++) id = `e#${i + 1}-${n}`;
		used.add(id);
		if (elementId !== undefined) scope.set(elementId, id);
		competency.id = id;
		competency.parentId = standardId;
		placed.push({ competency, standard, parent: maharaId(element.parentelementid) });
	}
	for (const { competency, standard, parent } of placed) {
		if (parent === undefined) continue;
		const parentId = inStandard.get(standard)?.get(parent);
		if (!parentId) throw parentMissing(competency, parent);
		competency.parentId = parentId;
	}
	competencies.push(...placed.map((p) => p.competency));

	const names = maharaStatusNames(framework.evidencestatuses);
	const levels = statusLevels.map((level, i) => ({ ...level, name: names[i] ?? level.name }));
	return finish({
		title: clip(framework.name, 200) || 'SmartEvidence',
		description: describe(framework.description),
		source: 'mahara',
		sourceId: null,
		levels,
		competencies
	});
}

const CSV_HEADERS = {
	code: ['code', 'id', 'nummer', 'nr'],
	title: ['title', 'titel', 'name', 'naam', 'competency', 'competentie'],
	description: ['description', 'beschrijving', 'omschrijving'],
	parent: ['parent', 'parent code', 'parentcode', 'bovenliggende code', 'ouder', 'valt onder']
} as const;

/** A CSV of competencies: code, title, description, parent code (English or Dutch headers). */
export function parseCompetencyCsv(
	text: string,
	name: string,
	fallbackLevels: Level[]
): FrameworkDraft {
	if (text.length > MAX_FRAMEWORK_BYTES) throw new FrameworkImportError('tooLarge');
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
	const [header, ...rows] = parsed.data;
	if (!header || rows.length === 0) throw new FrameworkImportError('csvEmpty');
	const column = (names: readonly string[]) =>
		header.findIndex((h) => names.includes(h.trim().toLowerCase()));
	const at = {
		code: column(CSV_HEADERS.code),
		title: column(CSV_HEADERS.title),
		description: column(CSV_HEADERS.description),
		parent: column(CSV_HEADERS.parent)
	};
	if (at.code < 0 || at.title < 0) throw new FrameworkImportError('csvColumns');
	if (rows.length > MAX_COMPETENCIES)
		throw new FrameworkImportError('tooMany', String(rows.length));
	const codes = new Set<string>();
	const competencies = rows.map((row, i) => {
		const code = clip(row[at.code], 50);
		const title = clip(row[at.title], 500);
		if (!code || !title || codes.has(code)) throw new FrameworkImportError('csvRow', String(i + 2));
		codes.add(code);
		const parent = at.parent >= 0 ? clip(row[at.parent], 50) : '';
		return {
			id: code,
			code,
			title,
			description: at.description >= 0 ? clip(row[at.description], 5_000) : '',
			parentId: parent || null
		};
	});
	return finish({
		title: clip(name.replace(/\.csv$/i, ''), 200) || 'CSV',
		description: '',
		source: 'csv',
		sourceId: null,
		levels: fallbackLevels,
		competencies
	});
}

/** Whether a file holds exactly what a stored framework holds (title, text, levels, tree). */
export function sameFramework(stored: FrameworkDraft, draft: FrameworkDraft): boolean {
	const essence = (f: FrameworkDraft) =>
		JSON.stringify([f.title, f.description, f.levels, f.competencies]);
	return essence(stored) === essence(draft);
}
