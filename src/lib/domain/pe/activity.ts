import * as v from 'valibot';
import { isIsoDate, type IsoDate } from '../dates';
import { amountInput, parseDecimal } from './amount';
import { ACTIVITY_TYPES, type ActivityType } from './vocab';

/** What one activity is worth in one register. */
export interface Credit {
	registerId: string;
	categoryId: string | null;
	points: number;
}

/** A learning activity that counts for one or more registers. */
export interface PeActivity {
	id: string;
	title: string;
	type: ActivityType;
	provider: string;
	accreditationCode: string;
	startDate: IsoDate;
	/** Points count on the day an activity is completed. */
	endDate: IsoDate;
	hours: number | null;
	credits: Credit[];
	goalIds: string[];
	/** Markdown. */
	reflection: string;
	createdAt: string;
	updatedAt: string;
}

export type PeActivityFields = Omit<PeActivity, 'id' | 'createdAt' | 'updatedAt'>;

/** The most points or hours one activity may carry (a week-long congress is far below it). */
export const MAX_AMOUNT = 10_000;

const points = v.pipe(
	v.number('error.number'),
	v.check((n) => Number.isFinite(n) && n >= 0 && n <= MAX_AMOUNT, 'error.number')
);

/** A stored credit as read from outside (import, peer). */
export const CreditSchema = v.object({
	registerId: v.pipe(v.string(), v.nonEmpty()),
	categoryId: v.nullable(v.string()),
	points
});

/** An amount typed in the form: "4,5", "4.5" or a number; empty is not an amount. */
const typedAmount = (message: string) =>
	v.pipe(
		v.union([v.string(), v.null(), v.undefined(), v.number()], message),
		v.rawTransform(({ dataset, addIssue, NEVER }) => {
			const reading = parseDecimal(dataset.value);
			if (
				reading.ok &&
				(reading.value === null || (reading.value >= 0 && reading.value <= MAX_AMOUNT))
			)
				return reading.value;
			addIssue({
				message: !reading.ok && reading.reason === 'ambiguous' ? 'error.ambiguousNumber' : message
			});
			return NEVER;
		})
	);

/** A credit as edited in the activity form (points as typed). */
const CreditFormSchema = v.object({
	registerId: v.pipe(v.string(), v.nonEmpty()),
	categoryId: v.nullable(v.string()),
	points: v.pipe(
		typedAmount('error.number'),
		v.check((n) => n !== null, 'error.number'),
		v.transform((n) => n!)
	)
});

/** The activity form parsed into activity fields; messages are i18n keys. */
export const PeActivityFormSchema = v.pipe(
	v.object({
		title: v.pipe(v.string(), v.trim(), v.nonEmpty('error.titleRequired'), v.maxLength(300)),
		type: v.picklist(ACTIVITY_TYPES),
		provider: v.pipe(v.string(), v.trim(), v.maxLength(300, 'error.tooLong')),
		accreditationCode: v.pipe(v.string(), v.trim(), v.maxLength(100, 'error.tooLong')),
		startDate: v.pipe(v.string(), v.check(isIsoDate, 'error.date')),
		endDate: v.pipe(
			v.union([v.literal(''), v.pipe(v.string(), v.check(isIsoDate, 'error.date'))]),
			v.transform((value) => value)
		),
		hours: typedAmount('error.number'),
		credits: v.array(CreditFormSchema),
		goalIds: v.array(v.string()),
		reflection: v.pipe(v.string(), v.maxLength(200_000, 'error.tooLong'))
	}),
	v.transform((input) => ({ ...input, endDate: input.endDate || input.startDate })),
	v.forward(
		v.check((input) => input.endDate >= input.startDate, 'error.endBeforeStart'),
		['endDate']
	)
);

export type PeActivityForm = v.InferInput<typeof PeActivityFormSchema>;

/** A blank activity form for today. */
export function emptyActivityForm(today: IsoDate): PeActivityForm {
	return {
		title: '',
		type: 'course',
		provider: '',
		accreditationCode: '',
		startDate: today,
		endDate: '',
		hours: '',
		credits: [],
		goalIds: [],
		reflection: ''
	};
}

/** The form for an existing activity, amounts written for `locale`. */
export function activityToForm(activity: PeActivity, locale: string): PeActivityForm {
	return {
		...activity,
		endDate: activity.endDate === activity.startDate ? '' : activity.endDate,
		hours: amountInput(activity.hours, locale),
		credits: activity.credits.map((credit) => ({
			...credit,
			points: amountInput(credit.points, locale)
		}))
	};
}

/** The amount a register would give for `hours` of learning; null when hours are unknown. */
export function proposedPoints(hours: number | null, unitsPerHour: number): number | null {
	return hours === null ? null : Math.round(hours * unitsPerHour * 100) / 100;
}

/** A credit as the activity form holds it (points as typed). */
export type CreditForm = PeActivityForm['credits'][number];

/**
 * The credits once the hours changed from `before` to `after`: a credit whose points are empty or
 * still what the old hours proposed follows the new hours; points the learner typed stay.
 */
export function followHours(
	credits: readonly CreditForm[],
	unitsPerHour: (registerId: string) => number,
	before: number | null,
	after: number | null,
	locale: string
): CreditForm[] {
	return credits.map((credit) => {
		const rate = unitsPerHour(credit.registerId);
		const typed = parseDecimal(credit.points);
		const untouched =
			typed.ok && (typed.value === null || typed.value === proposedPoints(before, rate));
		return untouched
			? { ...credit, points: amountInput(proposedPoints(after, rate), locale) }
			: credit;
	});
}

/** The credit an activity has in a register, if any. */
export function creditFor(activity: PeActivity, registerId: string): Credit | undefined {
	return activity.credits.find((credit) => credit.registerId === registerId);
}
