import * as v from 'valibot';
import { isIsoDate, type IsoDate } from '../dates';
import { amountInput, parseDecimal } from './amount';
import { REGISTER_MODELS, REGISTER_UNITS, type RegisterModel, type RegisterUnit } from './vocab';

/** A category of a register with its rules (e.g. "accredited": at least 80 points). */
export interface Category {
	id: string;
	name: string;
	/** At least this many in the cycle. */
	min: number | null;
	/** Points above this do not count toward the total. */
	max: number | null;
	/** At least this share (0–1) of the required total, e.g. half in one's own field. */
	minShare: number | null;
}

/** For output-based registers: one year's plan, its goals and the compliance statement. */
export interface OutputYear {
	year: number;
	plan: string;
	goalIds: string[];
	statement: string;
}

/** A body whose permanent-education rules the learner must meet. */
export interface Register {
	id: string;
	name: string;
	templateId: string | null;
	model: RegisterModel;
	unit: RegisterUnit;
	/** How many register units one hour of learning is worth (1 hour = 1 point). */
	unitsPerHour: number;
	cycleYears: number;
	cycleStart: IsoDate;
	/** When the learner joined; a later date in a cycle makes its norms pro rata. */
	registeredOn: IsoDate | null;
	required: number | null;
	perYearMinimum: number | null;
	categories: Category[];
	/** Where the rules come from and when that was checked. */
	source: string;
	checkedOn: IsoDate | null;
	notes: string;
	outputYears: OutputYear[];
	createdAt: string;
	updatedAt: string;
}

export type RegisterFields = Omit<Register, 'id' | 'createdAt' | 'updatedAt'>;

/** An amount as typed ("4,5", "4.5", "") or stored (a number); messages are i18n keys. */
export const amountField = (message = 'error.number') =>
	v.pipe(
		v.union([v.string(), v.null(), v.undefined(), v.number()], message),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const reading = parseDecimal(dataset.value);
			if (reading.ok && (reading.value === null || reading.value >= 0)) return reading.value;
			addIssue({
				message: !reading.ok && reading.reason === 'ambiguous' ? 'error.ambiguousNumber' : message
			});
			return NEVER;
		})
	);

/** A category as edited in the form. */
export const CategoryFormSchema = v.object({
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('error.categoryName'), v.maxLength(100)),
	min: amountField(),
	max: amountField(),
	/** In percent in the form, as a share in the record. */
	minSharePercent: v.pipe(
		amountField(),
		v.check((value) => value === null || value <= 100, 'error.percent')
	)
});

type ParsedCategory = v.InferOutput<typeof CategoryFormSchema>;

/** A rule that contradicts another, with the field it belongs to (a dot path) and its message. */
export interface RuleConflict {
	path: (string | number)[];
	message: string;
}

/**
 * Rules no learner could mean: a category minimum above the cycle total, a per-year minimum
 * above the cycle total, a category maximum below its own minimum or below its minimum share.
 */
export function ruleConflicts(rules: {
	required: number | null;
	perYearMinimum: number | null;
	categories: readonly ParsedCategory[];
}): RuleConflict[] {
	const conflicts: RuleConflict[] = [];
	const { required, perYearMinimum } = rules;
	if (required !== null && perYearMinimum !== null && perYearMinimum > required)
		conflicts.push({ path: ['perYearMinimum'], message: 'error.perYearAboveTotal' });
	rules.categories.forEach((category, index) => {
		const { min, max, minSharePercent } = category;
		if (required !== null && min !== null && min > required)
			conflicts.push({
				path: ['categories', index, 'min'],
				message: 'error.categoryMinAboveTotal'
			});
		if (max !== null && min !== null && max < min)
			conflicts.push({ path: ['categories', index, 'max'], message: 'error.categoryMaxBelowMin' });
		else if (
			max !== null &&
			required !== null &&
			minSharePercent !== null &&
			max < (minSharePercent / 100) * required
		)
			conflicts.push({
				path: ['categories', index, 'max'],
				message: 'error.categoryMaxBelowShare'
			});
	});
	return conflicts;
}

const pathItem = (input: unknown, key: string | number) =>
	({
		type: typeof key === 'number' ? 'array' : 'object',
		origin: 'value',
		input,
		key,
		value: (input as Record<string | number, unknown>)[key]
	}) as v.IssuePathItem;

/** The register form, parsed into register fields; messages are i18n keys. */
export const RegisterFormSchema = v.pipe(
	v.object({
		name: v.pipe(v.string(), v.trim(), v.nonEmpty('error.titleRequired'), v.maxLength(200)),
		templateId: v.nullable(v.string()),
		model: v.picklist(REGISTER_MODELS),
		unit: v.picklist(REGISTER_UNITS),
		unitsPerHour: v.pipe(
			amountField(),
			v.check((n) => n !== null && n > 0, 'error.positive'),
			v.transform((n) => n!)
		),
		cycleYears: v.pipe(
			v.union([v.number(), v.string()], 'error.wholeYears'),
			v.transform(Number),
			v.integer('error.wholeYears'),
			v.minValue(1, 'error.wholeYears'),
			v.maxValue(10, 'error.wholeYears')
		),
		cycleStart: v.pipe(v.string(), v.check(isIsoDate, 'error.date')),
		registeredOn: v.pipe(
			v.union([v.literal(''), v.null(), v.pipe(v.string(), v.check(isIsoDate, 'error.date'))]),
			v.transform((value) => value || null)
		),
		required: amountField(),
		perYearMinimum: amountField(),
		categories: v.pipe(v.array(CategoryFormSchema), v.maxLength(20, 'error.tooMany')),
		source: v.pipe(v.string(), v.maxLength(2_000)),
		checkedOn: v.nullable(v.string()),
		notes: v.pipe(v.string(), v.maxLength(10_000, 'error.tooLong')),
		outputYears: v.array(
			v.object({
				year: v.number(),
				plan: v.string(),
				goalIds: v.array(v.string()),
				statement: v.string()
			})
		)
	}),
	v.rawCheck(({ dataset, addIssue }) => {
		if (!dataset.typed || dataset.value.model !== 'points') return;
		for (const conflict of ruleConflicts(dataset.value)) {
			let input: unknown = dataset.value;
			const path: v.IssuePathItem[] = [];
			for (const key of conflict.path) {
				path.push(pathItem(input, key));
				input = (input as Record<string | number, unknown>)[key];
			}
			addIssue({ message: conflict.message, path: path as [v.IssuePathItem] });
		}
	}),
	v.transform(({ categories, ...rest }) => ({
		...rest,
		categories: categories.map(({ minSharePercent, ...category }) => ({
			...category,
			minShare: minSharePercent === null ? null : minSharePercent / 100
		}))
	}))
);

export type RegisterForm = v.InferInput<typeof RegisterFormSchema>;

/** The form for a register (new from a template, or existing), amounts written for `locale`. */
export function registerToForm(register: RegisterFields, locale: string): RegisterForm {
	const text = (n: number | null) => amountInput(n, locale);
	return {
		...register,
		unitsPerHour: text(register.unitsPerHour),
		required: text(register.required),
		perYearMinimum: text(register.perYearMinimum),
		categories: register.categories.map(({ minShare, min, max, ...category }) => ({
			...category,
			min: text(min),
			max: text(max),
			minSharePercent: text(minShare === null ? null : Math.round(minShare * 1000) / 10)
		}))
	};
}

/** A display name for a category id of a register; null for uncategorised. */
export function categoryName(register: Register, categoryId: string | null): string | null {
	return register.categories.find((c) => c.id === categoryId)?.name ?? null;
}
