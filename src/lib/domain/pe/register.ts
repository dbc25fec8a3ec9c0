import * as v from 'valibot';
import { isIsoDate, type IsoDate } from '../dates';
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

const amount = (message = 'error.number') =>
	v.pipe(
		v.union([v.literal(''), v.null(), v.undefined(), v.number()]),
		v.transform((value) => (value === '' || value === undefined ? null : value)),
		v.check((value) => value === null || (Number.isFinite(value) && value >= 0), message)
	);

/** A category as edited in the form. */
export const CategoryFormSchema = v.object({
	id: v.pipe(v.string(), v.nonEmpty()),
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('error.categoryName'), v.maxLength(100)),
	min: amount(),
	max: amount(),
	/** In percent in the form, as a share in the record. */
	minSharePercent: v.pipe(
		amount(),
		v.check((value) => value === null || value <= 100, 'error.percent')
	)
});

/** The register form, parsed into register fields; messages are i18n keys. */
export const RegisterFormSchema = v.pipe(
	v.object({
		name: v.pipe(v.string(), v.trim(), v.nonEmpty('error.titleRequired'), v.maxLength(200)),
		templateId: v.nullable(v.string()),
		model: v.picklist(REGISTER_MODELS),
		unit: v.picklist(REGISTER_UNITS),
		unitsPerHour: v.pipe(
			v.number('error.number'),
			v.check((n) => Number.isFinite(n) && n > 0, 'error.positive')
		),
		cycleYears: v.pipe(
			v.number('error.number'),
			v.integer('error.wholeYears'),
			v.minValue(1, 'error.wholeYears'),
			v.maxValue(10, 'error.wholeYears')
		),
		cycleStart: v.pipe(v.string(), v.check(isIsoDate, 'error.date')),
		registeredOn: v.pipe(
			v.union([v.literal(''), v.null(), v.pipe(v.string(), v.check(isIsoDate, 'error.date'))]),
			v.transform((value) => value || null)
		),
		required: amount(),
		perYearMinimum: amount(),
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
	v.transform(({ categories, ...rest }) => ({
		...rest,
		categories: categories.map(({ minSharePercent, ...category }) => ({
			...category,
			minShare: minSharePercent === null ? null : minSharePercent / 100
		}))
	}))
);

export type RegisterForm = v.InferInput<typeof RegisterFormSchema>;

/** The form for a register (new from a template, or existing). */
export function registerToForm(register: RegisterFields): RegisterForm {
	return {
		...register,
		categories: register.categories.map(({ minShare, ...category }) => ({
			...category,
			minSharePercent: minShare === null ? null : Math.round(minShare * 1000) / 10
		}))
	};
}

/** A display name for a category id of a register; null for uncategorised. */
export function categoryName(register: Register, categoryId: string | null): string | null {
	return register.categories.find((c) => c.id === categoryId)?.name ?? null;
}
