import * as v from 'valibot';
import { isIsoDate, type IsoDate } from '../dates';
import type { ShareSelection } from './projection';

/** What the learner decides when making a share; room and secret are generated. */
export interface ShareFields {
	title: string;
	owner: string;
	selection: ShareSelection;
	expiresAt: IsoDate | null;
}

const ids = v.pipe(
	v.array(v.string()),
	v.transform((list) => [...new Set(list)])
);

/** The share form's input (strings and ticked ids) parsed into share fields; messages are i18n keys. */
export const ShareFormSchema = v.pipe(
	v.object({
		title: v.pipe(v.string(), v.trim(), v.nonEmpty('error.titleRequired')),
		owner: v.pipe(v.string(), v.trim()),
		scope: v.picklist(['goals', 'all']),
		goalIds: ids,
		registerIds: ids,
		frameworkIds: ids,
		expiresAt: v.union([v.literal(''), v.pipe(v.string(), v.check(isIsoDate, 'error.date'))])
	}),
	v.forward(
		v.partialCheck(
			[['scope'], ['goalIds'], ['registerIds'], ['frameworkIds']],
			(input) =>
				input.scope === 'all' ||
				input.goalIds.length + input.registerIds.length + input.frameworkIds.length > 0,
			'error.shareNothingChosen'
		),
		['goalIds']
	),
	v.transform((input): ShareFields => ({
		title: input.title.slice(0, 200),
		owner: input.owner.slice(0, 200),
		selection:
			input.scope === 'all'
				? { kind: 'all', registerIds: input.registerIds, frameworkIds: input.frameworkIds }
				: {
						kind: 'goals',
						goalIds: input.goalIds,
						registerIds: input.registerIds,
						frameworkIds: input.frameworkIds
					},
		expiresAt: input.expiresAt === '' ? null : (input.expiresAt as IsoDate)
	}))
);

export type ShareForm = v.InferInput<typeof ShareFormSchema>;

/** A blank share form: some goals, nothing ticked, no expiry. */
export function emptyShareForm(): ShareForm {
	return {
		title: '',
		owner: '',
		scope: 'goals',
		goalIds: [],
		registerIds: [],
		frameworkIds: [],
		expiresAt: ''
	};
}
