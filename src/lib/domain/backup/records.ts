import * as v from 'valibot';
import type { Attachment } from '../attachment';
import { isIsoDate } from '../dates';
import { isWebUrl, type Evidence } from '../evidence';
import { FrameworkSchema } from '../competency/framework';
import type { Assessment, CompetencyLink } from '../competency/progress';
import { GoalSchema } from '../goal';
import { PathStepSchema } from '../path';
import { ProfileSchema } from '../profile';
import { CreditSchema, type PeActivity } from '../pe/activity';
import type { Register } from '../pe/register';
import { ACTIVITY_TYPES, REGISTER_MODELS, REGISTER_UNITS } from '../pe/vocab';
import { REFLECTION_TEMPLATE_NAMES, type Reflection } from '../reflection';
import { ShareContentSchema } from '../share/content';
import { type ShareSelection } from '../share/projection';
import { ResponseSchema } from '../share/responses';
import type { Share } from '../share/share';
import { EVIDENCE_FORMATS } from '../vocab';

/**
 * Every stored record as read from outside Koers (a backup file): each field checked, with the
 * same limits the forms apply, so an import can never store what the app could not have written.
 */
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const isoDate = v.pipe(v.string(), v.check(isIsoDate));
const stamp = v.pipe(v.string(), v.maxLength(40));
const amount = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000));
const ids = v.pipe(v.array(id), v.maxLength(1_000));
const tags = v.pipe(v.array(text(40)), v.maxLength(100));
const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

export const EvidenceRecordSchema = v.object({
	id,
	format: v.picklist(EVIDENCE_FORMATS),
	title: v.pipe(text(200), v.minLength(1)),
	date: isoDate,
	description: text(5_000),
	body: text(1_000_000),
	url: v.nullable(v.pipe(text(2_000), v.check(isWebUrl))),
	goalIds: ids,
	tags,
	createdAt: stamp,
	updatedAt: stamp
}) satisfies v.GenericSchema<Evidence>;

export const AttachmentRecordSchema = v.object({
	id,
	ownerKind: v.picklist(['evidence', 'peActivity']),
	ownerId: id,
	name: v.pipe(text(255), v.minLength(1)),
	type: text(200),
	size: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
	sha256,
	createdAt: stamp
}) satisfies v.GenericSchema<Attachment>;

export const ReflectionRecordSchema = v.object({
	id,
	subjectKind: v.picklist(['goal', 'evidence']),
	subjectId: id,
	date: isoDate,
	template: v.picklist(REFLECTION_TEMPLATE_NAMES),
	steps: v.record(v.pipe(v.string(), v.maxLength(40)), text(100_000)),
	createdAt: stamp,
	updatedAt: stamp
}) satisfies v.GenericSchema<Reflection>;

const nullableAmount = v.nullable(amount);

export const RegisterRecordSchema = v.object({
	id,
	name: v.pipe(text(200), v.minLength(1)),
	templateId: v.nullable(text(100)),
	model: v.picklist(REGISTER_MODELS),
	unit: v.picklist(REGISTER_UNITS),
	unitsPerHour: v.pipe(amount, v.minValue(0.01)),
	cycleYears: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20)),
	cycleStart: isoDate,
	registeredOn: v.nullable(isoDate),
	required: nullableAmount,
	perYearMinimum: nullableAmount,
	categories: v.pipe(
		v.array(
			v.object({
				id,
				name: v.pipe(text(200), v.minLength(1)),
				min: nullableAmount,
				max: nullableAmount,
				minShare: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1)))
			})
		),
		v.maxLength(50)
	),
	source: text(2_000),
	checkedOn: v.nullable(isoDate),
	notes: text(20_000),
	outputYears: v.pipe(
		v.array(
			v.object({
				year: v.pipe(v.number(), v.integer(), v.minValue(1900), v.maxValue(3000)),
				plan: text(100_000),
				goalIds: ids,
				statement: text(100_000)
			})
		),
		v.maxLength(100)
	),
	createdAt: stamp,
	updatedAt: stamp
}) satisfies v.GenericSchema<Register>;

export const PeActivityRecordSchema = v.object({
	id,
	title: v.pipe(text(200), v.minLength(1)),
	type: v.picklist(ACTIVITY_TYPES),
	provider: text(200),
	accreditationCode: text(100),
	startDate: isoDate,
	endDate: isoDate,
	hours: nullableAmount,
	credits: v.pipe(v.array(CreditSchema), v.maxLength(50)),
	goalIds: ids,
	reflection: text(100_000),
	createdAt: stamp,
	updatedAt: stamp
}) satisfies v.GenericSchema<PeActivity>;

const SelectionSchema = v.variant('kind', [
	v.object({
		kind: v.literal('all'),
		registerIds: v.optional(ids),
		frameworkIds: v.optional(ids)
	}),
	v.object({
		kind: v.literal('goals'),
		goalIds: ids,
		registerIds: v.optional(ids),
		frameworkIds: v.optional(ids)
	})
]) satisfies v.GenericSchema<ShareSelection>;

const secret = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/));

export const ShareRecordSchema = v.object({
	id,
	title: text(200),
	owner: text(200),
	selection: SelectionSchema,
	room: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/)),
	secret,
	expiresAt: v.nullable(isoDate),
	revokedAt: v.nullable(stamp),
	createdAt: stamp,
	updatedAt: stamp
}) satisfies v.GenericSchema<Share>;

export const ResponseRecordSchema = v.intersect([
	ResponseSchema,
	v.object({
		shareId: id,
		receivedAt: stamp,
		readAt: v.nullable(stamp),
		mine: v.optional(v.boolean()),
		trust: v.optional(v.picklist(['signed', 'otherKey', 'unsigned']))
	})
]);

export const QuestionRecordSchema = v.object({
	id,
	itemId: id,
	text: text(5_000),
	updatedAt: stamp
});

export const ReceivedShareRecordSchema = v.object({
	id,
	kind: v.picklist(['live', 'snap']),
	secret,
	link: text(40_000),
	title: text(200),
	owner: text(200),
	content: v.nullable(ShareContentSchema),
	myResponses: v.pipe(
		v.array(ResponseSchema),
		v.maxLength(2_000),
		v.check((list) => new Set(list.map((r) => r.id)).size === list.length, 'duplicate id')
	),
	openedAt: stamp,
	lastVisitAt: stamp,
	endedAt: v.optional(stamp)
});

/** A stored file's description in a backup: its bytes travel as a separate entry. */
export const FileEntrySchema = v.object({
	sha256,
	size: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
	type: text(200)
});

export const CompetencyLinkRecordSchema = v.object({
	id: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
	frameworkId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	competencyId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	competency: v.pipe(v.string(), v.minLength(3), v.maxLength(401)),
	recordKind: v.picklist(['goal', 'evidence']),
	recordId: id,
	createdAt: stamp
}) satisfies v.GenericSchema<CompetencyLink>;

export const AssessmentRecordSchema = v.object({
	id,
	frameworkId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	competencyId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	competency: v.pipe(v.string(), v.minLength(3), v.maxLength(401)),
	kind: v.picklist(['self', 'entry']),
	date: isoDate,
	levelId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
	note: text(5_000),
	createdAt: stamp,
	updatedAt: stamp
}) satisfies v.GenericSchema<Assessment>;

export {
	FrameworkSchema as FrameworkRecordSchema,
	GoalSchema as GoalRecordSchema,
	PathStepSchema as PathStepRecordSchema,
	ProfileSchema as ProfileRecordSchema
};
