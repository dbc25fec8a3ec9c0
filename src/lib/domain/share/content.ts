import * as v from 'valibot';
import type { Evidence } from '../evidence';
import type { Goal } from '../goal';
import type { Reflection } from '../reflection';
import { REFLECTION_TEMPLATE_NAMES } from '../reflection';
import { EVIDENCE_FORMATS, GOAL_STATUSES } from '../vocab';
import { toIsoDate, type IsoDate } from '../dates';
import type { PeActivity } from '../pe/activity';
import { within } from '../pe/cycle';
import { registerProgress } from '../pe/progress';
import { categoryName, type Register } from '../pe/register';
import { competencyKey, type Framework } from '../competency/framework';
import { competencyStatus, type Assessment, type CompetencyLink } from '../competency/progress';

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

/** The records a share can be projected from. */
export interface ShareSource {
	goals: readonly Goal[];
	evidence: readonly Evidence[];
	reflections: readonly Reflection[];
	attachments: readonly {
		ownerId: string;
		name: string;
		size: number;
		type: string;
		sha256?: string;
	}[];
	questions: readonly { id: string; itemId: string; text: string; updatedAt: string }[];
	registers?: readonly Register[];
	peActivities?: readonly PeActivity[];
	frameworks?: readonly Framework[];
	links?: readonly CompetencyLink[];
	assessments?: readonly Assessment[];
}

/**
 * Which goals a share shows (all that are not archived, or a chosen list), and which PE
 * registers it shows as an audit view of the current cycle.
 */
export type ShareSelection =
	| { kind: 'all'; registerIds?: string[]; frameworkIds?: string[] }
	| { kind: 'goals'; goalIds: string[]; registerIds?: string[]; frameworkIds?: string[] };

/** The audit view of one register's current cycle. */
function projectRegister(
	register: Register,
	activities: readonly PeActivity[],
	today: IsoDate
): SharedPe {
	const progress = registerProgress(register, activities, today);
	return {
		kind: 'pe',
		id: register.id,
		name: register.name,
		unit: register.unit,
		cycle: { start: progress.cycle.start, end: progress.cycle.end },
		status: progress.status,
		counted: progress.counted,
		rules: progress.rules.map((rule) => ({
			kind: rule.kind,
			category: categoryName(register, rule.categoryId),
			period: rule.period,
			required: rule.required,
			achieved: rule.achieved,
			met: rule.met
		})),
		activities: activities
			.filter((a) => within(a.endDate, progress.cycle) && a.endDate <= today)
			.flatMap((a) => {
				const credit = a.credits.find((c) => c.registerId === register.id);
				return credit
					? [
							{
								date: a.endDate,
								title: a.title,
								provider: a.provider,
								code: a.accreditationCode,
								category: categoryName(register, credit.categoryId),
								points: credit.points
							}
						]
					: [];
			})
			.sort((a, b) => a.date.localeCompare(b.date)),
		updatedAt: register.updatedAt
	};
}

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

/** The items a selection shows: the goals, their evidence, and reflections on either. */
export function projectItems(
	selection: ShareSelection,
	source: ShareSource,
	today: IsoDate = toIsoDate()
): SharedItem[] {
	const goals = source.goals.filter((goal) =>
		selection.kind === 'all' ? goal.archivedAt === null : selection.goalIds.includes(goal.id)
	);
	const goalIds = new Set(goals.map((goal) => goal.id));
	const evidence = source.evidence.filter((item) => item.goalIds.some((g) => goalIds.has(g)));
	const evidenceIds = new Set(evidence.map((item) => item.id));
	const shown = new Set([...goalIds, ...evidenceIds]);
	const reflections = source.reflections.filter((r) => shown.has(r.subjectId));
	const files = new Map<string, SharedEvidence['files']>();
	for (const a of source.attachments)
		files.set(a.ownerId, [
			...(files.get(a.ownerId) ?? []),
			{ name: a.name, size: a.size, type: a.type, ...(a.sha256 ? { sha256: a.sha256 } : {}) }
		]);

	return [
		...goals.map((goal): SharedGoal => ({
			kind: 'goal',
			id: goal.id,
			title: goal.title,
			description: goal.description,
			status: goal.status,
			targetDate: goal.targetDate,
			successCriteria: goal.successCriteria,
			updatedAt: goal.updatedAt
		})),
		...evidence.map((item): SharedEvidence => ({
			kind: 'evidence',
			id: item.id,
			format: item.format,
			title: item.title,
			date: item.date,
			description: item.description,
			body: item.body,
			url: item.url,
			goalIds: item.goalIds.filter((g) => goalIds.has(g)),
			files: uniqueFiles(files.get(item.id) ?? []),
			updatedAt: item.updatedAt
		})),
		...reflections.map((r): SharedReflection => ({
			kind: 'reflection',
			id: r.id,
			subjectId: r.subjectId,
			date: r.date,
			template: r.template,
			steps: r.steps,
			updatedAt: r.updatedAt
		})),
		...source.questions
			.filter((q) => shown.has(q.itemId))
			.map((q): SharedQuestion => ({ kind: 'question', ...q })),
		...(source.registers ?? [])
			.filter((r) => r.model === 'points' && (selection.registerIds ?? []).includes(r.id))
			.map((r) => projectRegister(r, source.peActivities ?? [], today)),
		...(source.frameworks ?? [])
			.filter((f) => (selection.frameworkIds ?? []).includes(f.id))
			.map((f) => projectFramework(f, source.links ?? [], source.assessments ?? [], evidenceIds))
	];
}

/** A framework as a coach sees it: only the shared evidence is named behind each competency. */
function projectFramework(
	framework: Framework,
	links: readonly CompetencyLink[],
	assessments: readonly Assessment[],
	sharedEvidence: ReadonlySet<string>
): SharedFramework {
	const status = competencyStatus(framework, links, assessments);
	return {
		kind: 'framework',
		id: framework.id,
		title: framework.title,
		levels: framework.levels,
		competencies: framework.competencies.map((c) => {
			const s = status.get(competencyKey(framework.id, c.id));
			return {
				...c,
				level: s?.level ?? null,
				mastered: s?.mastered ?? false,
				evidenceIds: (s?.evidenceIds ?? []).filter((e) => sharedEvidence.has(e))
			};
		}),
		updatedAt: framework.updatedAt
	};
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
