import * as v from 'valibot';
import { isIsoDate, type IsoDate } from './dates';

/** Reflection structures with their steps, in order. */
export const REFLECTION_TEMPLATES = {
	free: ['text'],
	starr: ['situation', 'task', 'action', 'result', 'reflection'],
	gibbs: ['description', 'feelings', 'evaluation', 'analysis', 'conclusion', 'actionPlan'],
	korthagen: ['action', 'lookingBack', 'awareness', 'alternatives', 'trial']
} as const;

export type ReflectionTemplate = keyof typeof REFLECTION_TEMPLATES;
export const REFLECTION_TEMPLATE_NAMES = Object.keys(REFLECTION_TEMPLATES) as ReflectionTemplate[];

/** What a reflection is about. */
export interface ReflectionSubject {
	kind: 'goal' | 'evidence';
	id: string;
}

/** Dated text on a goal or a piece of evidence; Markdown per template step. */
export interface Reflection {
	id: string;
	subjectKind: ReflectionSubject['kind'];
	subjectId: string;
	date: IsoDate;
	template: ReflectionTemplate;
	steps: Record<string, string>;
	createdAt: string;
	updatedAt: string;
}

export type ReflectionFields = Omit<Reflection, 'id' | 'createdAt' | 'updatedAt'>;

/** The steps of `template`, each with the text written for it (empty when none). */
export function reflectionSteps(
	template: ReflectionTemplate,
	steps: Record<string, string>
): { step: string; text: string }[] {
	return REFLECTION_TEMPLATES[template].map((step) => ({ step, text: steps[step] ?? '' }));
}

/** Form input parsed into reflection fields: only the template's steps are kept. */
export const ReflectionFormSchema = v.pipe(
	v.object({
		subjectKind: v.picklist(['goal', 'evidence']),
		subjectId: v.pipe(v.string(), v.nonEmpty()),
		date: v.pipe(v.string(), v.check(isIsoDate, 'error.date')),
		template: v.picklist(REFLECTION_TEMPLATE_NAMES),
		steps: v.record(v.string(), v.pipe(v.string(), v.maxLength(200_000, 'error.tooLong')))
	}),
	v.transform((input) => {
		const steps: Record<string, string> = {};
		for (const step of REFLECTION_TEMPLATES[input.template]) {
			const text = input.steps[step]?.trim() ?? '';
			if (text) steps[step] = text;
		}
		return { ...input, steps };
	}),
	v.forward(
		v.check((input) => Object.keys(input.steps).length > 0, 'error.reflectionEmpty'),
		['steps']
	)
);

export type ReflectionForm = v.InferInput<typeof ReflectionFormSchema>;

/** A short plain-text summary of a reflection for lists. */
export function reflectionExcerpt(reflection: Reflection, max = 160): string {
	const first = reflectionSteps(reflection.template, reflection.steps).find((s) => s.text);
	const text = (first?.text ?? '')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[#*_`>~]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
