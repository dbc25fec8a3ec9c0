import * as v from 'valibot';
import { REFLECTION_TEMPLATE_NAMES } from '../reflection';
import { EVIDENCE_FORMATS, GOAL_STATUSES } from '../vocab';

/**
 * What a learner shares: a read-only projection of chosen records, small and text-only.
 * It is rebuilt from the learner's database; nothing in it is ever read back into that database.
 */
export const SHARE_CONTENT_VERSION = 1;

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const isoDate = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/));
/** Points and hours as a peer may send them: never ∞, NaN or absurd. */
const amount = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1e9));
const byteSize = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** A list of ids; one listed twice is kept once (it would break a keyed list). */
const idList = (max: number) =>
	v.pipe(
		v.array(id),
		v.maxLength(max),
		v.transform((ids) => [...new Set(ids)])
	);
/** Refuses a list in which two entries share an id: no keyed list could show it. */
const uniqueIds = <T extends { id: string }>(list: readonly T[]) =>
	new Set(list.map((entry) => entry.id)).size === list.length;

type SharedFile = { name: string; size: number; type: string; sha256?: string };

/**
 * An evidence item's files with unique names: the same file listed twice is kept once, and a
 * second file that has the same name gets a number (a learner may attach two "photo.jpg").
 */
export function uniqueFiles<F extends SharedFile>(files: readonly F[]): F[] {
	const out: F[] = [];
	const names = new Set<string>();
	for (const file of files) {
		const same = out.some(
			(f) => f.name === file.name && f.size === file.size && f.sha256 === file.sha256
		);
		if (same) continue;
		let name = file.name;
		for (let n = 2; names.has(name); n++) name = numbered(file.name, n);
		names.add(name);
		out.push(name === file.name ? file : { ...file, name });
	}
	return out;
}

/** "photo.jpg" → "photo (2).jpg". */
function numbered(name: string, n: number): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** A goal as a coach sees it. */
export const SharedGoalSchema = v.object({
	kind: v.literal('goal'),
	id,
	title: text(200),
	description: text(20_000),
	status: v.picklist(GOAL_STATUSES),
	targetDate: v.nullable(isoDate),
	successCriteria: v.pipe(v.array(text(2_000)), v.maxLength(50)),
	updatedAt: text(40)
});

/** Evidence as a coach sees it (files are named, not included). */
export const SharedEvidenceSchema = v.object({
	kind: v.literal('evidence'),
	id,
	format: v.picklist(EVIDENCE_FORMATS),
	title: text(200),
	date: isoDate,
	description: text(5_000),
	body: text(200_000),
	url: v.nullable(text(2_000)),
	goalIds: idList(200),
	files: v.pipe(
		v.array(
			v.object({
				name: text(255),
				size: byteSize,
				type: text(200),
				/** Lets a live share's reader fetch the file on demand (media-transfer.ts). */
				sha256: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)))
			})
		),
		v.maxLength(100),
		v.transform(uniqueFiles)
	),
	updatedAt: text(40)
});

/** A reflection as a coach sees it. */
export const SharedReflectionSchema = v.object({
	kind: v.literal('reflection'),
	id,
	subjectId: id,
	date: isoDate,
	template: v.picklist(REFLECTION_TEMPLATE_NAMES),
	steps: v.record(text(40), text(200_000)),
	updatedAt: text(40)
});

/** The learner's request for feedback on an item. */
export const SharedQuestionSchema = v.object({
	kind: v.literal('question'),
	id,
	itemId: id,
	text: text(5_000),
	updatedAt: text(40)
});

/** A PE register's audit view: the current cycle's rules and activities. */
export const SharedPeSchema = v.object({
	kind: v.literal('pe'),
	id,
	name: text(200),
	unit: v.picklist(['points', 'hours']),
	cycle: v.object({ start: isoDate, end: isoDate }),
	status: v.picklist(['met', 'onTrack', 'behind']),
	counted: amount,
	rules: v.pipe(
		v.array(
			v.object({
				kind: v.picklist(['total', 'categoryMin', 'categoryShare', 'yearMin']),
				category: v.nullable(text(100)),
				period: v.object({ start: isoDate, end: isoDate }),
				required: amount,
				achieved: amount,
				met: v.boolean()
			})
		),
		v.maxLength(100)
	),
	activities: v.pipe(
		v.array(
			v.object({
				date: isoDate,
				title: text(300),
				provider: text(300),
				code: text(100),
				category: v.nullable(text(100)),
				points: amount
			})
		),
		v.maxLength(5_000)
	),
	updatedAt: text(40)
});

/** A competency framework with where the learner stands on each competency. */
export const SharedFrameworkSchema = v.object({
	kind: v.literal('framework'),
	id,
	title: text(200),
	levels: v.pipe(
		v.array(v.object({ id: text(200), name: text(100), description: text(2_000) })),
		v.maxLength(10),
		v.check(uniqueIds, 'duplicate level id')
	),
	competencies: v.pipe(
		v.array(
			v.object({
				id: text(200),
				code: text(50),
				title: text(500),
				description: text(5_000),
				parentId: v.nullable(text(200)),
				/** The learner's latest self-assessment (level index), or null. */
				level: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(9))),
				mastered: v.boolean(),
				evidenceIds: idList(1_000)
			})
		),
		v.maxLength(2_000),
		v.check(uniqueIds, 'duplicate competency id')
	),
	updatedAt: text(40)
});

export const SharedItemSchema = v.variant('kind', [
	SharedFrameworkSchema,
	SharedGoalSchema,
	SharedEvidenceSchema,
	SharedReflectionSchema,
	SharedQuestionSchema,
	SharedPeSchema
]);

export type SharedGoal = v.InferOutput<typeof SharedGoalSchema>;
export type SharedEvidence = v.InferOutput<typeof SharedEvidenceSchema>;
export type SharedReflection = v.InferOutput<typeof SharedReflectionSchema>;
export type SharedQuestion = v.InferOutput<typeof SharedQuestionSchema>;
export type SharedPe = v.InferOutput<typeof SharedPeSchema>;
export type SharedFramework = v.InferOutput<typeof SharedFrameworkSchema>;
export type SharedItem = v.InferOutput<typeof SharedItemSchema>;

/** The header of a share: what it is called and who shares it. */
export const ShareMetaSchema = v.object({
	version: v.literal(SHARE_CONTENT_VERSION),
	shareId: id,
	title: text(200),
	owner: text(200),
	publishedAt: text(40)
});
export type ShareMeta = v.InferOutput<typeof ShareMetaSchema>;

/** A whole share: header plus items. */
export const ShareContentSchema = v.object({
	meta: ShareMetaSchema,
	items: v.pipe(
		v.array(SharedItemSchema),
		v.maxLength(5_000),
		v.check(uniqueIds, 'duplicate item id')
	)
});
export type ShareContent = v.InferOutput<typeof ShareContentSchema>;

/** The files a share may send on demand: those of the evidence it shows. */
export function sharedFileHashes(items: readonly SharedItem[]): Set<string> {
	return new Set(
		items.flatMap((item) =>
			item.kind === 'evidence'
				? item.files.flatMap((file) => (file.sha256 ? [file.sha256] : []))
				: []
		)
	);
}

/**
 * Keeps the valid items of untrusted input and drops the rest (a hostile peer, a bad link); of
 * items that share an id, the first is kept.
 */
export function validItems(raw: readonly unknown[]): SharedItem[] {
	const seen = new Set<string>();
	return raw.flatMap((item) => {
		const result = v.safeParse(SharedItemSchema, item);
		if (!result.success || seen.has(result.output.id)) return [];
		seen.add(result.output.id);
		return [result.output];
	});
}
