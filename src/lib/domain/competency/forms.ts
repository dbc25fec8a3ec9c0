import * as v from 'valibot';
import { isIsoDate, toIsoDate } from '../dates';
import { defaultLevels, type Level } from './framework';
import type { FrameworkDraft } from './import';
import { parseLevels, parseOutline, toLevelLines, toOutline } from './outline';

/** What the framework form saves. */
export type FrameworkFields = Pick<
	FrameworkDraft,
	'title' | 'description' | 'levels' | 'competencies'
>;

/** The framework form, parsed: two levels at least, an outline that forms a tree. */
export const FrameworkFormSchema = v.pipe(
	v.object({
		title: v.pipe(
			v.string(),
			v.trim(),
			v.nonEmpty('error.titleRequired'),
			v.transform((s) => s.slice(0, 200))
		),
		description: v.pipe(
			v.string(),
			v.trim(),
			v.transform((s) => s.slice(0, 5_000))
		),
		levels: v.pipe(
			v.string(),
			v.transform(parseLevels),
			v.check((levels: Level[]) => levels.length >= 2, 'error.levelsTooFew')
		),
		outline: v.pipe(
			v.string(),
			v.rawTransform(({ dataset, addIssue, NEVER }) => {
				const parsed = parseOutline(dataset.value);
				if ('line' in parsed) addIssue({ message: 'error.outlineLine' });
				else if (parsed.competencies.length === 0) addIssue({ message: 'error.outlineEmpty' });
				else return parsed.competencies;
				return NEVER;
			})
		)
	}),
	v.transform(({ outline, ...fields }): FrameworkFields => ({ ...fields, competencies: outline }))
);

/** The framework form's input: competencies as an indented outline, levels one per line. */
export type FrameworkForm = v.InferInput<typeof FrameworkFormSchema>;

/** Why an outline cannot be saved (the line it fails on), or null. */
export function outlineProblem(
	outline: string
): { id: 'error.outlineLine'; line: number } | { id: 'error.outlineEmpty' } | null {
	const parsed = parseOutline(outline);
	if ('line' in parsed) return { id: 'error.outlineLine', line: parsed.line };
	return parsed.competencies.length ? null : { id: 'error.outlineEmpty' };
}

/** A framework as the form edits it. */
export function frameworkToForm(framework: FrameworkFields): FrameworkForm {
	return {
		title: framework.title,
		description: framework.description,
		levels: toLevelLines(framework.levels),
		outline: toOutline(framework.competencies)
	};
}

/** A new framework: no competencies yet, the default levels in the learner's language. */
export function emptyFrameworkForm(locale: 'en' | 'nl'): FrameworkForm {
	const levels = defaultLevels(locale);
	return frameworkToForm({ title: '', description: '', levels, competencies: [] });
}

/** A self-assessment: a level chosen, a real date not after today, a short note. */
export const RatingFormSchema = v.object({
	levelId: v.pipe(v.string(), v.nonEmpty('error.levelRequired')),
	date: v.pipe(
		v.string(),
		v.check((date) => isIsoDate(date) && date <= toIsoDate(), 'error.date')
	),
	note: v.pipe(v.string(), v.trim(), v.maxLength(5_000, 'error.tooLong'))
});

/** The self-assessment form's input. */
export type RatingForm = v.InferInput<typeof RatingFormSchema>;

/** A new self-assessment starts today, without a level. */
export function emptyRatingForm(): RatingForm {
	return { levelId: '', date: toIsoDate(), note: '' };
}

/** What the self-assessment form saves. */
export type RatingFields = v.InferOutput<typeof RatingFormSchema>;
