import * as v from 'valibot';
import { isIsoDate, type IsoDate } from './dates';
import { TagsInputSchema } from './tags';
import { EVIDENCE_FORMATS, type EvidenceFormat } from './vocab';

/** Something that shows learning, in the format the learner chose. */
export interface Evidence {
	id: string;
	format: EvidenceFormat;
	title: string;
	date: IsoDate;
	description: string;
	/** Markdown written in the app: a report, a blog post, notes of an oral assessment. */
	body: string;
	/** A web address, for link evidence or a published original. */
	url: string | null;
	goalIds: string[];
	tags: string[];
	createdAt: string;
	updatedAt: string;
}

export type EvidenceFields = Omit<Evidence, 'id' | 'createdAt' | 'updatedAt'>;

/** Only web addresses may be stored as links, so a link can never run script. */
export function isWebUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
	} catch {
		return false;
	}
}

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, 'error.tooLong'));

/** Form input parsed into evidence fields; messages are i18n keys. */
export const EvidenceFormSchema = v.pipe(
	v.object({
		format: v.picklist(EVIDENCE_FORMATS, 'error.format'),
		title: v.pipe(text(200), v.nonEmpty('error.titleRequired')),
		date: v.pipe(v.string(), v.check(isIsoDate, 'error.date')),
		description: text(5_000),
		body: v.pipe(v.string(), v.maxLength(1_000_000, 'error.tooLong')),
		url: v.pipe(
			text(2_000),
			v.check((value) => value === '' || isWebUrl(value), 'error.url'),
			v.transform((value) => (value === '' ? null : value))
		),
		goalIds: v.array(v.string()),
		tags: TagsInputSchema
	}),
	v.forward(
		v.check((input) => input.format !== 'link' || input.url !== null, 'error.urlRequired'),
		['url']
	)
);

export type EvidenceForm = v.InferInput<typeof EvidenceFormSchema>;

/** A blank evidence form, optionally already linked to a goal. */
export function emptyEvidenceForm(today: IsoDate, goalId?: string): EvidenceForm {
	return {
		format: 'report',
		title: '',
		date: today,
		description: '',
		body: '',
		url: '',
		goalIds: goalId ? [goalId] : [],
		tags: ''
	};
}

/** The form for editing existing evidence. */
export function evidenceToForm(evidence: Evidence): EvidenceForm {
	return { ...evidence, url: evidence.url ?? '', tags: evidence.tags.join(', ') };
}
