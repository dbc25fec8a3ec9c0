import * as v from 'valibot';
import { isIsoDate, type IsoDate } from '../dates';
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
		hours: v.pipe(
			v.union([v.literal(''), v.null(), v.undefined(), v.number()]),
			v.transform((value) => (value === '' || value === undefined ? null : value)),
			v.check((value) => value === null || (value >= 0 && value <= MAX_AMOUNT), 'error.number')
		),
		credits: v.array(CreditSchema),
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
		hours: null,
		credits: [],
		goalIds: [],
		reflection: ''
	};
}

/** The form for an existing activity. */
export function activityToForm(activity: PeActivity): PeActivityForm {
	return {
		...activity,
		endDate: activity.endDate === activity.startDate ? '' : activity.endDate,
		credits: activity.credits.map((credit) => ({ ...credit }))
	};
}

/** The credit an activity has in a register, if any. */
export function creditFor(activity: PeActivity, registerId: string): Credit | undefined {
	return activity.credits.find((credit) => credit.registerId === registerId);
}
