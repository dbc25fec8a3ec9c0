import Papa from 'papaparse';
import { toCsv } from '../csv';
import { isIsoDate, isoDateOf, type IsoDate } from '../dates';
import { parseDecimal } from './amount';
import { MAX_AMOUNT, type PeActivity, type PeActivityFields } from './activity';
import type { Cycle } from './cycle';
import { within } from './cycle';
import { categoryLines, type RegisterProgress } from './progress';
import { categoryName, type Register } from './register';
import { ACTIVITY_TYPES, type ActivityType } from './vocab';

/** The columns of Koers's own CSV export, also recognised on import. */
export const EXPORT_COLUMNS = [
	'date',
	'start_date',
	'title',
	'type',
	'provider',
	'accreditation_code',
	'category',
	'points',
	'hours'
] as const;

/** The activities of one register and cycle as CSV (RFC 4180), oldest first. */
export function activitiesToCsv(
	register: Register,
	activities: readonly PeActivity[],
	cycle: Cycle
): string {
	const rows = activities
		.filter((activity) => within(activity.endDate, cycle))
		.flatMap((activity) => {
			const credit = activity.credits.find((c) => c.registerId === register.id);
			return credit ? [{ activity, credit }] : [];
		})
		.sort((a, b) => a.activity.endDate.localeCompare(b.activity.endDate))
		.map(({ activity, credit }) => [
			activity.endDate,
			activity.startDate,
			activity.title,
			activity.type,
			activity.provider,
			activity.accreditationCode,
			categoryName(register, credit.categoryId) ?? '',
			credit.points,
			activity.hours ?? ''
		]);
	return toCsv(EXPORT_COLUMNS, rows);
}

/** The columns of the per-category summary of an audit. */
export const CATEGORY_COLUMNS = [
	'category',
	'counted',
	'raw',
	'minimum',
	'maximum',
	'minimum_share_percent',
	'minimum_share',
	'met'
] as const;

/**
 * What each category counts in a cycle (RFC 4180): counted, raw (logged) and the rules, so an
 * auditor sees a cap at work. Uncategorised points have an empty category.
 */
export function categoriesToCsv(progress: RegisterProgress): string {
	const rows = categoryLines(progress).map((line) => [
		line.category?.name ?? '',
		round(line.counted),
		round(line.raw),
		line.min,
		line.max,
		line.share ? round(line.share.fraction * 100) : null,
		line.share?.amount ?? null,
		line.met === null ? '' : line.met ? 'yes' : 'no'
	]);
	return toCsv(CATEGORY_COLUMNS, rows);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Which CSV column feeds each activity field (null: not in the file). */
export interface ImportMapping {
	title: string | null;
	startDate: string | null;
	endDate: string | null;
	points: string | null;
	hours: string | null;
	provider: string | null;
	accreditationCode: string | null;
	type: string | null;
	category: string | null;
}

export type ImportField = keyof ImportMapping;
export const IMPORT_FIELDS: ImportField[] = [
	'title',
	'startDate',
	'endDate',
	'points',
	'hours',
	'provider',
	'accreditationCode',
	'type',
	'category'
];

const SYNONYMS: Record<ImportField, string[]> = {
	title: ['title', 'titel', 'activiteit', 'naam', 'name', 'omschrijving', 'activity'],
	startDate: ['start_date', 'startdatum', 'start', 'begindatum', 'van'],
	endDate: ['date', 'datum', 'einddatum', 'end_date', 'end', 'tot', 'behaald'],
	points: ['points', 'punten', 'pe-punten', 'po-punten', 'credits', 'accreditatiepunten'],
	hours: ['hours', 'uren', 'uur', 'studiebelasting'],
	provider: ['provider', 'aanbieder', 'organisator', 'organisatie'],
	accreditationCode: ['accreditation_code', 'code', 'accreditatienummer', 'accreditatiecode', 'id'],
	type: ['type', 'soort', 'activiteitstype', 'vorm'],
	category: ['category', 'categorie', 'rubriek', 'domein']
};

/** Guesses the mapping from the file's headers (Dutch and English names). */
export function guessMapping(headers: readonly string[]): ImportMapping {
	const mapping = Object.fromEntries(
		IMPORT_FIELDS.map((f) => [f, null as string | null])
	) as unknown as ImportMapping;
	const used = new Set<string>();
	for (const field of IMPORT_FIELDS) {
		const found = headers.find(
			(h) => !used.has(h) && SYNONYMS[field].includes(h.trim().toLowerCase())
		);
		if (found) {
			mapping[field] = found;
			used.add(found);
		}
	}
	return mapping;
}

/** A parsed file: its headers and rows, with the line each row starts on. */
export interface CsvTable {
	headers: string[];
	rows: { line: number; values: Record<string, string> }[];
}

export const MAX_IMPORT_ROWS = 10_000;

/** Parses CSV text (comma, semicolon or tab separated) with a header row. */
export function parseCsv(
	text: string
): CsvTable | { error: 'empty' | 'tooManyRows' | 'malformed'; line?: number } {
	const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: false,
		transformHeader: (h) => h.trim()
	});
	const fatal = result.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
	if (fatal && fatal.type === 'Quotes') return { error: 'malformed', line: (fatal.row ?? 0) + 2 };
	const headers = (result.meta.fields ?? []).filter(Boolean);
	const rows = result.data
		.map((values, index) => ({ line: index + 2, values }))
		.filter(({ values }) => Object.values(values).some((v) => (v ?? '').toString().trim() !== ''));
	if (headers.length === 0 || rows.length === 0) return { error: 'empty' };
	if (rows.length > MAX_IMPORT_ROWS) return { error: 'tooManyRows' };
	return { headers, rows };
}

/** Reads dates as 2026-03-01, 01-03-2026, 1/3/2026 or 01.03.2026 (day before month). */
export function parseDate(value: string): IsoDate | null {
	const text = value.trim();
	if (isIsoDate(text)) return text;
	const match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
	if (!match) return null;
	const iso = isoDateOf(Number(match[3]), Number(match[2]), Number(match[1]));
	return isIsoDate(iso) ? iso : null;
}

/** Reads 12, 1.5 or 1,5 as a non-negative number; why not when it is not one (never a guess). */
function readAmount(value: string): number | 'amount' | 'ambiguous' {
	const reading = parseDecimal(value);
	if (!reading.ok) return reading.reason === 'ambiguous' ? 'ambiguous' : 'amount';
	return reading.value ?? 'amount';
}

/** Whether an amount read from a file is one an activity may hold (never ∞, never absurd). */
const sensible = (amount: number) => Number.isFinite(amount) && amount <= MAX_AMOUNT;

const TYPE_WORDS: Record<string, ActivityType> = {
	cursus: 'course',
	training: 'course',
	opleiding: 'course',
	congres: 'congress',
	studiedag: 'congress',
	symposium: 'congress',
	intervisie: 'peerConsultation',
	'e-learning': 'eLearning',
	elearning: 'eLearning',
	zelfstudie: 'selfStudy',
	literatuur: 'selfStudy',
	lesgeven: 'teaching',
	onderwijs: 'teaching',
	publicatie: 'publication'
};

function parseType(value: string): ActivityType {
	const word = value.trim().toLowerCase();
	if ((ACTIVITY_TYPES as readonly string[]).includes(value.trim()))
		return value.trim() as ActivityType;
	return TYPE_WORDS[word] ?? 'other';
}

/** A problem with one row, for the learner to fix in their file. */
export interface RowError {
	line: number;
	field: ImportField;
	code: 'required' | 'date' | 'amount' | 'ambiguous' | 'tooLarge' | 'category' | 'endBeforeStart';
	value: string;
}

/** Turns the rows into activities for `register`; any error means nothing may be imported. */
export function rowsToActivities(
	table: CsvTable,
	mapping: ImportMapping,
	register: Register
): { activities: { line: number; fields: PeActivityFields }[]; errors: RowError[] } {
	const activities: { line: number; fields: PeActivityFields }[] = [];
	const errors: RowError[] = [];
	for (const { line, values } of table.rows) {
		const get = (field: ImportField) =>
			mapping[field] ? (values[mapping[field]!] ?? '').trim() : '';
		const rowErrors: RowError[] = [];
		const fail = (field: ImportField, code: RowError['code']) =>
			rowErrors.push({ line, field, code, value: get(field) });

		const title = get('title');
		if (!title) fail('title', 'required');
		const endText = get('endDate') || get('startDate');
		const endDate = parseDate(endText);
		if (!endText) fail('endDate', 'required');
		else if (!endDate) fail(get('endDate') ? 'endDate' : 'startDate', 'date');
		const startText = get('startDate');
		const startDate = startText ? parseDate(startText) : endDate;
		if (startText && !startDate) fail('startDate', 'date');
		if (startDate && endDate && endDate < startDate) fail('endDate', 'endBeforeStart');

		const hoursRead = get('hours') ? readAmount(get('hours')) : null;
		const hours = typeof hoursRead === 'number' ? hoursRead : null;
		if (typeof hoursRead === 'string') fail('hours', hoursRead);
		else if (hours !== null && !sensible(hours)) fail('hours', 'tooLarge');
		const pointsRead = get('points') ? readAmount(get('points')) : null;
		let points = typeof pointsRead === 'number' ? pointsRead : null;
		if (typeof pointsRead === 'string') fail('points', pointsRead);
		else if (points !== null && !sensible(points)) fail('points', 'tooLarge');
		if (!get('points') && hours !== null) {
			points = hours * register.unitsPerHour;
			if (sensible(hours) && !sensible(points)) fail('hours', 'tooLarge');
		}
		if (!get('points') && !get('hours')) fail('points', 'required');

		const categoryText = get('category').toLowerCase();
		const category = categoryText
			? register.categories.find(
					(c) => c.name.toLowerCase() === categoryText || c.id.toLowerCase() === categoryText
				)
			: undefined;
		if (categoryText && !category) fail('category', 'category');

		if (rowErrors.length) {
			errors.push(...rowErrors);
			continue;
		}
		activities.push({
			line,
			fields: {
				title: title.slice(0, 300),
				type: parseType(get('type')),
				provider: get('provider').slice(0, 300),
				accreditationCode: get('accreditationCode').slice(0, 100),
				startDate: startDate!,
				endDate: endDate!,
				hours,
				credits: [{ registerId: register.id, categoryId: category?.id ?? null, points: points! }],
				goalIds: [],
				reflection: ''
			}
		});
	}
	return { activities, errors };
}
