import Dexie, { type EntityTable, type Table } from 'dexie';
import { watchConnection } from './connection';
import type { Attachment } from '$lib/domain/attachment';
import type { Framework } from '$lib/domain/competency/framework';
import type { Assessment, CompetencyLink } from '$lib/domain/competency/progress';
import type { PathStep } from '$lib/domain/path';
import type { LearnerProfile } from '$lib/domain/profile';
import type { Evidence } from '$lib/domain/evidence';
import type { PeActivity } from '$lib/domain/pe/activity';
import type { Register } from '$lib/domain/pe/register';
import type { ShareContent } from '$lib/domain/share/content';
import type { ResponseTrust } from '$lib/domain/share/response-signature';
import type { ShareResponse } from '$lib/domain/share/responses';
import type { Share } from '$lib/domain/share/share';
import type { Goal } from '$lib/domain/goal';
import type { Reflection } from '$lib/domain/reflection';
import type { SyncOp } from '$lib/domain/device-sync/op';
import type { DeviceMark } from '$lib/domain/device-sync/vector';
import { syncMiddleware } from './device-sync/middleware';
import { logExistingRecords } from './device-sync/migration';
import type { LearnerCertRecord, LearnerKeyRecord } from '$lib/domain/group/device-tables';
import type { EnvelopeRecord, GroupPinRecord, GroupRecord, GroupVisitRecord } from './groups';
import { syncExistingGroups } from './groups-migration';
import type { IdentityRecord } from './identity';

/** A stored file: its bytes are the concatenation of its chunks, in order. */
export interface FileRecord {
	sha256: string;
	size: number;
	type: string;
	/** SHA-256 of each chunk, in order; chunks are shared between files with equal content. */
	chunks: string[];
	createdAt: string;
}

/** A content-addressed slice of a file. */
export interface ChunkRecord {
	sha256: string;
	size: number;
	/** The bytes, unless they are a file in the origin-private file system (chunk-bytes.ts). */
	data?: Blob;
	createdAt: string;
}

/**
 * A save under way (or a media fetch kept for resuming): it holds every chunk it stored or
 * reused through a lease, so no sweep removes them before the file that uses them is saved.
 */
export interface UploadRecord {
	id: string;
	/** A save ends in one session; a fetch is kept across visits to resume. */
	kind: 'save' | 'fetch';
	/** What the learner was doing, named for the notice when it never finished. */
	label: UploadLabel;
	bytes: number;
	startedAt: string;
	touchedAt: string;
}

/** What an upload was for, as the learner would name it. */
export interface UploadLabel {
	what: 'files' | 'restore' | 'import' | 'fetch';
	name: string;
}

/** One chunk held by one upload. */
export interface ChunkLease {
	/** "uploadId/sha256" */
	id: string;
	uploadId: string;
	sha256: string;
}

/** Files chosen in a form but not saved yet, kept across the reload into a new version. */
export interface DraftFilesRecord {
	/** The form's draft key. */
	key: string;
	files: File[];
	keptAt: string;
}

/** Small facts about this installation (first save done, persistence asked, ...). */
export interface MetaRecord {
	key: string;
	value: unknown;
}

/** A response (feedback, sign-off) as the learner keeps it after import. */
export type ReceivedResponse = ShareResponse & {
	shareId: string;
	receivedAt: string;
	readAt: string | null;
	/** Written by the learner: a note of their own, or a reply to a coach. */
	mine?: boolean;
	/** Whether the coach's signature holds, and with the key pinned for them (received only). */
	trust?: ResponseTrust;
};

/** The learner's request for feedback on one goal or piece of evidence. */
export interface QuestionRecord {
	id: string;
	itemId: string;
	text: string;
	updatedAt: string;
}

/** On the coach's side: a share they opened, kept to come back to. */
export interface ReceivedShareRecord {
	/** The room (live) or share id (snapshot). */
	id: string;
	kind: 'live' | 'snap';
	secret: string;
	/** The link it was opened from, to open it again. */
	link: string;
	title: string;
	owner: string;
	/** The content as last seen, to show what changed since. */
	content: ShareContent | null;
	/** For snapshots: the responses written here, sent back in a reply link. */
	myResponses: ShareResponse[];
	openedAt: string;
	lastVisitAt: string;
	/**
	 * When this browser saw the learner stop this live share (a link stopped for good: resuming
	 * gives a new link); absent while it is not known to have stopped.
	 */
	endedAt?: string;
}

/** A file fetched from a live share's learner; its bytes are a stored file like any other. */
export interface ReceivedFileRecord {
	/** "recordId/sha256" */
	id: string;
	/** The received share it came with. */
	recordId: string;
	sha256: string;
	receivedAt: string;
}

/** An op as stored: refused ops are kept (marked) so the log stays gapless and is passed on. */
export type SyncOpRecord = SyncOp & { refused?: string };

/**
 * A run of one device's ops with consecutive seqs, stored as one row (at most a few hundred):
 * one IndexedDB request per write instead of one per field, and the ops as one JSON text (a
 * string is cloned into IndexedDB far faster than hundreds of small objects) keep logging cheap.
 */
export interface SyncOpRun {
	device: string;
	/** The first op's seq (the key with `device`). */
	seq: number;
	/** The last op's seq. */
	last: number;
	/** The ops as JSON, in a short form, deflated when long (db/device-sync/log.ts reads and writes it). */
	ops: string | Uint8Array;
}

/** A record's sync state as stored: its field heads as JSON text (see SyncOpRun). */
export interface SyncStateRecord {
	table: string;
	key: string;
	/** JSON of RecordState['fields']. */
	fields: string;
	conflict?: 1;
	/** 1 where shown values are not copied here but read from the record's row. */
	row?: 1;
	/** `<ms>-<device>` of the stamps stored as their counter alone (device-sync/log). */
	base?: string;
}

/** How far this database holds another device's ops. */
export type SyncDeviceRecord = DeviceMark & { device: string };

/** An op from another device that was refused, and why. */
export interface QuarantineRecord {
	id?: number;
	op: unknown;
	reason: string;
	at: string;
}

export const DB_NAME = 'koers';

/**
 * The stores of each schema version, kept as they shipped: a version is never edited, only
 * added. The migration tests open databases written with the older entries.
 */
export const SCHEMA_VERSIONS = {
	1: {
		goals: 'id, status, targetDate, updatedAt, *tags',
		evidence: 'id, date, format, updatedAt, *goalIds, *tags',
		attachments: 'id, evidenceId, sha256',
		reflections: 'id, subjectId, date, updatedAt',
		files: 'sha256, *chunks',
		chunks: 'sha256, createdAt',
		meta: 'key'
	},
	/** PE registers and activities; attachments belong to evidence or to a PE activity. */
	2: {
		attachments: 'id, ownerId, sha256',
		registers: 'id',
		peActivities: 'id, endDate, *goalIds'
	},
	/** Sharing: the learner's shares and the responses they received; the coach's inbox. */
	3: {
		shares: 'id',
		responses: 'id, shareId, itemId',
		questions: 'id, itemId',
		receivedShares: 'id'
	},
	/** Competency frameworks, what is linked to them and self-assessments; learning paths; profile. */
	4: {
		frameworks: 'id',
		competencyLinks: 'id, competency, recordId, frameworkId',
		assessments: 'id, competency, frameworkId, date',
		pathSteps: 'id, goalId',
		profile: 'id'
	},
	/** On the coach's side: the media fetched from a live share, kept with that share. */
	5: {
		receivedFiles: 'id, recordId, sha256'
	},
	/**
	 * Saves under way and the chunks they hold, so a sweep never takes a chunk being reused; files
	 * chosen in a form, kept across an update's reload.
	 */
	6: {
		uploads: 'id, kind',
		chunkLeases: 'id, sha256, uploadId',
		draftFiles: 'key'
	},
	/**
	 * Own devices in sync (db/device-sync): every op, in runs keyed by [device+first seq]; the
	 * heads of each record's fields (conflicts indexed); how far each other device's ops are held;
	 * ops waiting for an earlier seq or a parent; ops refused, with the reason.
	 */
	7: {
		syncOps: '[device+seq]',
		syncFields: '[table+key], conflict',
		syncDevices: 'device',
		syncHeld: '[device+seq]',
		syncQuarantine: '++id'
	},
	/**
	 * Learning groups (db/groups.ts, db/identity.ts): the learner's signing key pair; the groups;
	 * every accepted envelope, as signed, by [group+author+seq]; the members' pinned keys.
	 */
	8: {
		identity: 'id',
		groups: 'id',
		groupEnvelopes: '[group+author+seq], group',
		groupPins: '[group+id]'
	},
	/**
	 * Learning groups on all the learner's devices (db/identity.ts, db/groups.ts): each device's
	 * public key and the certs by which the learner's keys vouch for each other (both synced, like
	 * the groups from now on); what was seen of a group, kept per device.
	 */
	9: {
		learnerKeys: 'id',
		learnerCerts: 'id',
		groupVisits: 'group'
	},
	/**
	 * Only the indexes a query uses (db/*.ts: `where`, `orderBy`). IndexedDB writes an entry per
	 * index per record, and every write pays for them: a first sync of the 10,000-item portfolio
	 * wrote ~42,000 entries no query read (goals' status, target date, updated and tags;
	 * evidence's date, format, updated and tags; reflections' updated; competency links' and
	 * assessments' competency, assessments' date; chunks' created; uploads' kind).
	 */
	10: {
		goals: 'id',
		evidence: 'id, *goalIds',
		reflections: 'id, subjectId, date',
		competencyLinks: 'id, recordId, frameworkId',
		assessments: 'id, frameworkId',
		chunks: 'sha256',
		uploads: 'id'
	}
} as const;

type Version = keyof typeof SCHEMA_VERSIONS;

/** Every store the database holds at `version`: its own and those of every version before it. */
function storesAt(version: Version): Record<string, string> {
	const versions = (Object.keys(SCHEMA_VERSIONS).map(Number) as Version[]).filter(
		(v) => v <= version
	);
	return Object.assign({}, ...versions.map((v) => SCHEMA_VERSIONS[v]));
}

/**
 * The learner's own database: the single source of truth for their portfolio.
 * Every schema change adds an entry to SCHEMA_VERSIONS (never edits one) and a test in
 * migrations.spec.ts that opens a database of the version before. Dexie reads the schema a
 * database was installed with, so only the versions that move data (an upgrade) and the latest
 * are declared, each with every store it holds: Dexie builds every declared version's tables on
 * each start (at 4× CPU slowdown this constructor took 72–101 ms with all nine, 26–37 ms with three).
 */
export class KoersDb extends Dexie {
	goals!: EntityTable<Goal, 'id'>;
	evidence!: EntityTable<Evidence, 'id'>;
	attachments!: EntityTable<Attachment, 'id'>;
	reflections!: EntityTable<Reflection, 'id'>;
	files!: EntityTable<FileRecord, 'sha256'>;
	chunks!: EntityTable<ChunkRecord, 'sha256'>;
	meta!: EntityTable<MetaRecord, 'key'>;
	registers!: EntityTable<Register, 'id'>;
	peActivities!: EntityTable<PeActivity, 'id'>;
	shares!: EntityTable<Share, 'id'>;
	responses!: EntityTable<ReceivedResponse, 'id'>;
	questions!: EntityTable<QuestionRecord, 'id'>;
	receivedShares!: EntityTable<ReceivedShareRecord, 'id'>;
	frameworks!: EntityTable<Framework, 'id'>;
	competencyLinks!: EntityTable<CompetencyLink, 'id'>;
	assessments!: EntityTable<Assessment, 'id'>;
	pathSteps!: EntityTable<PathStep, 'id'>;
	profile!: EntityTable<LearnerProfile, 'id'>;
	receivedFiles!: EntityTable<ReceivedFileRecord, 'id'>;
	uploads!: EntityTable<UploadRecord, 'id'>;
	chunkLeases!: EntityTable<ChunkLease, 'id'>;
	draftFiles!: EntityTable<DraftFilesRecord, 'key'>;
	syncOps!: Table<SyncOpRun, [string, number]>;
	syncFields!: Table<SyncStateRecord, [string, string]>;
	syncDevices!: EntityTable<SyncDeviceRecord, 'device'>;
	syncHeld!: Table<SyncOp, [string, number]>;
	syncQuarantine!: EntityTable<QuarantineRecord, 'id'>;
	identity!: EntityTable<IdentityRecord, 'id'>;
	groups!: EntityTable<GroupRecord, 'id'>;
	groupEnvelopes!: Table<EnvelopeRecord, [string, string, number]>;
	groupPins!: Table<GroupPinRecord, [string, string]>;
	learnerKeys!: EntityTable<LearnerKeyRecord, 'id'>;
	learnerCerts!: EntityTable<LearnerCertRecord, 'id'>;
	groupVisits!: EntityTable<GroupVisitRecord, 'group'>;

	constructor(name = DB_NAME) {
		super(name);
		this.version(2)
			.stores(storesAt(2))
			.upgrade((tx) =>
				tx
					.table('attachments')
					.toCollection()
					.modify((attachment: Record<string, unknown>) => {
						attachment.ownerKind = 'evidence';
						attachment.ownerId = attachment.evidenceId;
						delete attachment.evidenceId;
					})
			);
		this.version(7).stores(storesAt(7)).upgrade(logExistingRecords);
		this.version(9).stores(storesAt(9)).upgrade(syncExistingGroups);
		this.version(10).stores(storesAt(10));
		this.use(syncMiddleware);
	}
}

/** The app's one connection to the database; another tab's upgrade or deletion closes it. */
export const db = new KoersDb();
watchConnection(db);
