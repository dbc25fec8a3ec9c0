import type {
	ChunkLease,
	ChunkRecord,
	FileRecord,
	MetaRecord,
	QuestionRecord,
	ReceivedFileRecord,
	ReceivedResponse,
	ReceivedShareRecord,
	QuarantineRecord,
	SyncDeviceRecord,
	SyncOpRun,
	SyncStateRecord,
	UploadRecord
} from '$lib/db/koers-db';
import type { SyncOp } from '$lib/domain/device-sync/op';
import type { LearnerCertRecord, LearnerKeyRecord } from '$lib/domain/group/device-tables';
import type { EnvelopeRecord, GroupPinRecord, GroupRecord, GroupVisitRecord } from '$lib/db/groups';
import { SCHEMA_VERSIONS } from '$lib/db/koers-db';
import type { Attachment } from '$lib/domain/attachment';
import type { Framework } from '$lib/domain/competency/framework';
import type { Assessment, CompetencyLink } from '$lib/domain/competency/progress';
import type { PathStep } from '$lib/domain/path';
import type { LearnerProfile } from '$lib/domain/profile';
import type { Share } from '$lib/domain/share/share';
import type { Evidence } from '$lib/domain/evidence';
import type { Goal } from '$lib/domain/goal';
import type { PeActivity } from '$lib/domain/pe/activity';
import type { Register } from '$lib/domain/pe/register';
import type { Reflection } from '$lib/domain/reflection';
import { makeActivity, makeEvidence, makeGoal, makeReflection, makeRegister } from './factories';

/**
 * A learner's database as each earlier schema version stored it: every table that exists at that
 * version holds realistic records, for the migration tests.
 */

export type SchemaVersion = keyof typeof SCHEMA_VERSIONS;
export type Row = Record<string, unknown>;
export type Fixture = Record<string, Row[]>;

export const VERSIONS = Object.keys(SCHEMA_VERSIONS).map(Number) as SchemaVersion[];
export const CURRENT_VERSION = Math.max(...VERSIONS) as SchemaVersion;

/** The tables that exist at `version`: every store declared up to it. */
export function tablesAt(version: SchemaVersion): string[] {
	const names = VERSIONS.filter((v) => v <= version).flatMap((v) =>
		Object.keys(SCHEMA_VERSIONS[v])
	);
	return [...new Set(names)];
}

const sha = (char: string) => char.repeat(64);
const DEVICE = 'AAAAAAAAAAAAAAAAAAAAAA';
const OTHER_DEVICE = 'BBBBBBBBBBBBBBBBBBBBBB';
/** Rows of a table, typed as the current version declares them so a changed type shows here. */
const rows = <T extends object>(...list: T[]): Row[] => list as unknown as Row[];

/** Records for every table; attachments as version 2 and later store them. */
function records(): Fixture {
	const goal = makeGoal({
		title: 'Lead a retrospective',
		tags: ['team'],
		targetDate: '2026-09-01'
	});
	const evidence = makeEvidence({
		goalIds: [goal.id],
		tags: ['team'],
		body: '# Notes\nIt went well.'
	});
	const register = makeRegister();
	const activity = makeActivity(register.id, 8, '2026-03-10', 'accredited', { goalIds: [goal.id] });
	const framework: Framework = {
		id: 'fw-1',
		title: 'Nursing competencies',
		description: 'CanMEDS roles',
		source: 'own',
		sourceId: null,
		levels: [
			{ id: 'l1', name: 'Novice', description: '' },
			{ id: 'l2', name: 'Competent', description: 'Works alone' }
		],
		competencies: [
			{ id: 'c1', code: '1', title: 'Communicator', description: '', parentId: null },
			{ id: 'c2', code: '1.1', title: 'Listens', description: 'Asks first', parentId: 'c1' }
		],
		createdAt: '2026-02-10T09:00:00.000Z',
		updatedAt: '2026-02-11T09:00:00.000Z'
	};
	const file: FileRecord = {
		sha256: sha('a'),
		size: 11,
		type: 'application/pdf',
		chunks: [sha('b')],
		createdAt: '2026-02-01T10:00:00.000Z'
	};
	return {
		goals: rows<Goal>(
			goal,
			makeGoal({ status: 'achieved', archivedAt: '2026-04-01T00:00:00.000Z' })
		),
		evidence: rows<Evidence>(
			evidence,
			makeEvidence({ format: 'film', url: 'https://example.org/talk' })
		),
		attachments: rows<Attachment>(
			{
				id: 'att-1',
				ownerKind: 'evidence',
				ownerId: evidence.id,
				name: 'slides.pdf',
				type: 'application/pdf',
				size: 11,
				sha256: file.sha256,
				createdAt: '2026-02-01T10:00:00.000Z'
			},
			{
				id: 'att-2',
				ownerKind: 'peActivity',
				ownerId: activity.id,
				name: 'certificate.pdf',
				type: 'application/pdf',
				size: 11,
				sha256: file.sha256,
				createdAt: '2026-03-10T10:00:00.000Z'
			}
		),
		reflections: rows<Reflection>(
			makeReflection({ subjectId: goal.id }),
			makeReflection({ subjectKind: 'evidence', subjectId: evidence.id, template: 'starr' })
		),
		files: rows<FileRecord>(file),
		chunks: rows<ChunkRecord>(
			{ sha256: sha('b'), size: 11, data: new Blob(['hello world']), createdAt: file.createdAt },
			{ sha256: sha('c'), size: 5, createdAt: '2026-02-02T10:00:00.000Z' }
		),
		meta: rows<MetaRecord>(
			{ key: 'lastExportAt', value: '2026-03-01T12:00:00.000Z' },
			{ key: 'persistenceAsked', value: true }
		),
		registers: rows<Register>(register),
		peActivities: rows<PeActivity>(activity),
		shares: rows<Share>({
			id: 'share-1',
			title: 'For my coach',
			owner: 'Sam',
			selection: { kind: 'goals', goalIds: [goal.id], registerIds: [register.id] },
			room: 'room-1',
			secret: 'c2VjcmV0',
			expiresAt: '2026-12-31',
			revokedAt: null,
			createdAt: '2026-03-01T10:00:00.000Z',
			updatedAt: '2026-03-01T10:00:00.000Z'
		}),
		responses: rows<ReceivedResponse>(
			{
				kind: 'feedback',
				id: 'resp-1',
				itemId: goal.id,
				parentId: null,
				author: 'Coach Kim',
				role: 'coach',
				text: 'Clear steps.',
				at: 12,
				createdAt: '2026-03-02T10:00:00.000Z',
				shareId: 'share-1',
				receivedAt: '2026-03-02T11:00:00.000Z',
				readAt: null
			},
			{
				kind: 'signOff',
				id: 'resp-2',
				goalId: goal.id,
				author: 'Coach Kim',
				role: 'coach',
				date: '2026-03-03',
				statement: 'Achieved.',
				createdAt: '2026-03-03T10:00:00.000Z',
				shareId: 'share-1',
				receivedAt: '2026-03-03T11:00:00.000Z',
				readAt: '2026-03-04T08:00:00.000Z',
				mine: false
			}
		),
		questions: rows<QuestionRecord>({
			id: 'q-1',
			itemId: goal.id,
			text: 'Is this enough?',
			updatedAt: '2026-03-01T10:00:00.000Z'
		}),
		receivedShares: rows<ReceivedShareRecord>({
			id: 'room-9',
			kind: 'live',
			secret: 'c2VjcmV0',
			link: 'https://koers.example/open#room-9',
			title: 'Portfolio of Alex',
			owner: 'Alex',
			content: null,
			myResponses: [],
			openedAt: '2026-03-05T10:00:00.000Z',
			lastVisitAt: '2026-03-06T10:00:00.000Z'
		}),
		frameworks: rows<Framework>(framework),
		competencyLinks: rows<CompetencyLink>({
			id: 'link-1',
			frameworkId: framework.id,
			competencyId: 'c2',
			competency: `${framework.id}|c2`,
			recordKind: 'evidence',
			recordId: evidence.id,
			createdAt: '2026-02-12T10:00:00.000Z'
		}),
		assessments: rows<Assessment>({
			id: 'as-1',
			frameworkId: framework.id,
			competencyId: 'c2',
			competency: `${framework.id}|c2`,
			kind: 'self',
			date: '2026-02-12',
			levelId: 'l2',
			note: 'Getting there',
			createdAt: '2026-02-12T10:00:00.000Z',
			updatedAt: '2026-02-12T10:00:00.000Z'
		}),
		pathSteps: rows<PathStep>({
			id: 'step-1',
			goalId: goal.id,
			block: 'coaching',
			title: 'Two sessions with Kim',
			note: '',
			order: 0,
			doneAt: null,
			createdAt: '2026-01-02T10:00:00.000Z',
			updatedAt: '2026-01-02T10:00:00.000Z'
		}),
		profile: rows<LearnerProfile>({
			id: 'me',
			formats: ['film'],
			pace: null,
			companion: null,
			setting: null,
			reflectionRhythm: 'weekly',
			notifications: false,
			updatedAt: '2026-01-01T10:00:00.000Z'
		}),
		receivedFiles: rows<ReceivedFileRecord>({
			id: `room-9/${sha('a')}`,
			recordId: 'room-9',
			sha256: sha('a'),
			receivedAt: '2026-03-06T10:00:00.000Z'
		}),
		uploads: rows<UploadRecord>({
			id: 'up-1',
			kind: 'fetch',
			label: { what: 'fetch', name: 'talk.webm' },
			bytes: 5,
			startedAt: '2026-03-06T10:00:00.000Z',
			touchedAt: '2026-03-06T10:01:00.000Z'
		}),
		chunkLeases: rows<ChunkLease>({ id: `up-1/${sha('c')}`, uploadId: 'up-1', sha256: sha('c') }),
		syncOps: rows<SyncOpRun>({
			device: DEVICE,
			seq: 1,
			last: 1,
			ops: JSON.stringify([
				{ h: '000001938a1b2c3d-0000', t: 'goals', k: goal.id, f: 'title', v: goal.title, p: [] }
			])
		}),
		syncFields: rows<SyncStateRecord>({
			table: 'goals',
			key: goal.id,
			fields: JSON.stringify({ title: [[`000001938a1b2c3d-0000-${DEVICE}`, goal.title]] })
		}),
		syncDevices: rows<SyncDeviceRecord>({
			device: OTHER_DEVICE,
			seq: 4,
			hlc: `000001938a1b2c40-0001-${OTHER_DEVICE}`
		}),
		syncHeld: rows<SyncOp>({
			device: OTHER_DEVICE,
			seq: 6,
			hlc: `000001938a1b2c50-0000-${OTHER_DEVICE}`,
			table: 'goals',
			key: goal.id,
			field: 'status',
			value: 'achieved',
			parents: []
		}),
		syncQuarantine: rows<QuarantineRecord>({
			id: 1,
			op: { device: 'x' },
			reason: 'device: device',
			at: '2026-03-07T10:00:00.000Z'
		}),
		...groupRecords()
	};
}

const MEMBER = 'M'.repeat(22);
const GROUP = 'G'.repeat(22);

/** Learning groups (version 8) and their sync between own devices (version 9). */
function groupRecords(): Fixture {
	const key = { alg: 'Ed25519', publicRaw: 'k'.repeat(43) } as const;
	const envelope = {
		v: 1,
		group: GROUP,
		epoch: 0,
		author: MEMBER,
		seq: 1,
		prev: '',
		payload: 'e30',
		sig: 's'.repeat(86)
	} as const;
	return {
		// The CryptoKeys of an identity are left out: this test environment cannot store them.
		identity: [{ id: 'self', ...key, createdAt: '2026-11-30T10:00:00.000Z' }],
		groups: rows<GroupRecord>({
			id: GROUP,
			name: 'Intervision North',
			purpose: 'Feedback',
			creator: MEMBER,
			epoch: 0,
			secret: 's'.repeat(43),
			secrets: { 0: 's'.repeat(43) },
			myMemberId: MEMBER,
			joinedAt: '2026-11-30T10:00:00.000Z',
			status: 'member'
		}),
		groupEnvelopes: rows<EnvelopeRecord>({
			group: GROUP,
			author: MEMBER,
			seq: 1,
			epoch: 0,
			hash: 'h'.repeat(43),
			envelope,
			receivedAt: '2026-11-30T10:00:01.000Z'
		}),
		groupPins: rows<GroupPinRecord>({
			group: GROUP,
			id: MEMBER,
			...key,
			pinnedAt: '2026-11-30T10:00:01.000Z'
		}),
		learnerKeys: rows<LearnerKeyRecord>({
			id: MEMBER,
			...key,
			createdAt: '2026-11-30T10:00:00.000Z'
		}),
		learnerCerts: rows<LearnerCertRecord>({
			id: `${MEMBER}>${'N'.repeat(22)}`,
			signer: MEMBER,
			subject: 'N'.repeat(22),
			sig: 'c'.repeat(86)
		}),
		groupVisits: rows<GroupVisitRecord>({
			group: GROUP,
			seen: ['h'.repeat(43)],
			lastVisit: '2026-12-01T09:00:00.000Z'
		})
	};
}

/** Before version 9 what was seen of a group sat in the group's record. */
function groupAsVersion8(group: Row, visits: Row[]): Row {
	const visit = visits.find((v) => v.group === group.id);
	return { ...group, seen: visit?.seen ?? [], lastVisit: visit?.lastVisit ?? null };
}

/** Version 1 kept attachments on evidence only, by `evidenceId`. */
function asVersion1(attachment: Record<string, unknown>): Record<string, unknown> {
	const { ownerKind: _kind, ownerId, ...rest } = attachment;
	return { ...rest, evidenceId: ownerId };
}

/** What a database of `version` held: every table of that version, with realistic records. */
export function fixtureAt(version: SchemaVersion): Fixture {
	const all = records();
	const fixture: Fixture = {};
	for (const table of tablesAt(version)) fixture[table] = all[table] ?? [];
	// Version 1 had no PE activities, so only evidence owned attachments.
	if (version === 1)
		fixture.attachments = (fixture.attachments ?? [])
			.filter((a) => a.ownerKind === 'evidence')
			.map(asVersion1);
	if (version === 8)
		fixture.groups = (fixture.groups ?? []).map((g) => groupAsVersion8(g, all.groupVisits ?? []));
	return fixture;
}

/** What the current version must read from a database written as `fixtureAt(version)`. */
export function expectedFrom(version: SchemaVersion, fixture: Fixture): Fixture {
	if (version === 8) {
		// The documented upgrade to version 9: what was seen moves to groupVisits.
		const groups = (fixture.groups ?? []).map(({ seen: _s, lastVisit: _l, ...group }) => group);
		const groupVisits = (fixture.groups ?? []).map((g) => ({
			group: g.id,
			seen: g.seen,
			lastVisit: g.lastVisit
		}));
		return { ...fixture, groups, groupVisits };
	}
	if (version > 1) return fixture;
	// The documented upgrade to version 2: evidenceId became an owner of kind 'evidence'.
	const attachments = (fixture.attachments ?? []).map(({ evidenceId, ...rest }) => ({
		...rest,
		ownerKind: 'evidence',
		ownerId: evidenceId
	}));
	return { ...fixture, attachments };
}
