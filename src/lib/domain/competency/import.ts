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
	type Level
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
			| 'duplicate'
			| 'invalid'
			| 'tooLarge',
		readonly detail = ''
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
	const items = pkg.CFItems.filter(isObject);
	if (items.length > MAX_COMPETENCIES)
		throw new FrameworkImportError('tooMany', String(items.length));
	const ids = new Set(items.map((i) => clip(i.identifier, 200)));
	const parent = new Map<string, { id: string; order: number }>();
	for (const a of (Array.isArray(pkg.CFAssociations) ? pkg.CFAssociations : []).filter(isObject)) {
		if (a.associationType !== 'isChildOf') continue;
		const child = isObject(a.originNodeURI) ? clip(a.originNodeURI.identifier, 200) : '';
		const of = isObject(a.destinationNodeURI) ? clip(a.destinationNodeURI.identifier, 200) : '';
		if (!ids.has(child) || parent.has(child)) continue;
		const order = finiteOr(a.sequenceNumber, Number.MAX_SAFE_INTEGER);
		parent.set(child, { id: ids.has(of) ? of : '', order });
	}
	const competencies: (Competency & { order: number; index: number })[] = items.map(
		(item, index) => {
			const id = clip(item.identifier, 200);
			const full = clip(item.fullStatement, 5_000);
			const short = clip(item.abbreviatedStatement, 500);
			const link = parent.get(id);
			return {
				id,
				code: clip(item.humanCodingScheme, 50),
				title: short || full.slice(0, 500),
				description: short ? full : clip(item.notes, 5_000),
				parentId: link?.id || null,
				order: link?.order ?? Number.MAX_SAFE_INTEGER,
				index
			};
		}
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
		sourceId: clip(doc.identifier, 500) || null,
		levels: rubricLevels.length ? rubricLevels : fallbackLevels,
		competencies: competencies.map(({ order: _o, index: _i, ...c }) => c)
	});
}

const MAHARA_STATUSES = ['begun', 'incomplete', 'partialcomplete', 'completed'] as const;

/**
 * A Mahara SmartEvidence matrix (`.matrix`, JSON): a framework of standards, each with
 * standard elements (which may have a parent element). Its four evidence statuses become the
 * levels, in Mahara's order.
 */
export function parseMaharaMatrix(text: string, fallbackLevels: Level[]): FrameworkDraft {
	const raw = parseJson(text);
	const framework = isObject(raw) && isObject(raw.framework) ? raw.framework : null;
	if (!framework || !Array.isArray(framework.standards))
		throw new FrameworkImportError('notMatrix');
	const competencies: Competency[] = [];
	const standards = framework.standards.filter(isObject);
	for (const standard of standards) {
		competencies.push({
			id: `s${clip(String(standard.standardid ?? standard.uid ?? competencies.length), 100)}`,
			code: clip(standard.shortname, 50),
			title: clip(standard.name, 500) || clip(standard.shortname, 500),
			description: clip(standard.description, 5_000),
			parentId: null
		});
	}
	const elements = (
		Array.isArray(framework.standardelements) ? framework.standardelements : []
	).filter(isObject);
	for (const element of elements) {
		const parentElement = element.parentelementid ?? element.parentid;
		competencies.push({
			id: `e${clip(String(element.elementid ?? element.uid ?? competencies.length), 100)}`,
			code: clip(element.shortname, 50),
			title: clip(element.name, 500) || clip(element.shortname, 500),
			description: clip(element.description, 5_000),
			parentId:
				parentElement !== undefined && parentElement !== null && parentElement !== ''
					? `e${clip(String(parentElement), 100)}`
					: `s${clip(String(element.standardid ?? ''), 100)}`
		});
	}
	const statuses = isObject(framework.evidencestatuses) ? framework.evidencestatuses : {};
	const levels = MAHARA_STATUSES.flatMap((key, i) => {
		const name = clip(statuses[key], 100);
		return name ? [{ id: `l${i + 1}`, name, description: '' }] : [];
	});
	return finish({
		title: clip(framework.name, 200) || 'SmartEvidence',
		description: clip(framework.description, 5_000),
		source: 'mahara',
		sourceId: null,
		levels: levels.length >= 2 ? levels : fallbackLevels,
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
