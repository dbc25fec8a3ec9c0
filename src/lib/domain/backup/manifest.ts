import * as v from 'valibot';
import {
	AssessmentRecordSchema,
	AttachmentRecordSchema,
	CompetencyLinkRecordSchema,
	FrameworkRecordSchema,
	PathStepRecordSchema,
	ProfileRecordSchema,
	EvidenceRecordSchema,
	FileEntrySchema,
	GoalRecordSchema,
	PeActivityRecordSchema,
	QuestionRecordSchema,
	ReceivedShareRecordSchema,
	ReflectionRecordSchema,
	RegisterRecordSchema,
	ResponseRecordSchema,
	ShareRecordSchema
} from './records';
import { BACKUP_TABLE_NAMES, type BackupTable } from '../table-names';

export { BACKUP_TABLE_NAMES, type BackupTable };

/**
 * A Koers backup: one versioned JSON document (`koers.json`) holding every record, next to the
 * bytes of every stored file (`files/<sha256>`) and a read-only viewer (`index.html`) in a ZIP.
 * The version changes only when the document's shape changes; readers refuse newer versions.
 */
export const BACKUP_FORMAT = 'koers-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST_NAME = 'koers.json';
export const VIEWER_NAME = 'index.html';
export const FILES_DIR = 'files/';

/** The manifest is parsed in memory: refuse anything larger before reading it. */
export const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
const MAX_RECORDS = 200_000;

/** The record tables a backup carries, each with its schema and the stamp that orders versions. */
export const BACKUP_TABLES = {
	goals: { schema: GoalRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	evidence: { schema: EvidenceRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	attachments: {
		schema: AttachmentRecordSchema,
		stamp: (r: { createdAt: string }) => r.createdAt
	},
	reflections: {
		schema: ReflectionRecordSchema,
		stamp: (r: { updatedAt: string }) => r.updatedAt
	},
	registers: { schema: RegisterRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	peActivities: {
		schema: PeActivityRecordSchema,
		stamp: (r: { updatedAt: string }) => r.updatedAt
	},
	shares: { schema: ShareRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	responses: {
		schema: ResponseRecordSchema,
		stamp: (r: { readAt: string | null; receivedAt: string }) => r.readAt ?? r.receivedAt
	},
	questions: { schema: QuestionRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	receivedShares: {
		schema: ReceivedShareRecordSchema,
		stamp: (r: { lastVisitAt: string }) => r.lastVisitAt
	},
	frameworks: { schema: FrameworkRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	competencyLinks: {
		schema: CompetencyLinkRecordSchema,
		stamp: (r: { createdAt: string }) => r.createdAt
	},
	assessments: { schema: AssessmentRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	pathSteps: { schema: PathStepRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt },
	profile: { schema: ProfileRecordSchema, stamp: (r: { updatedAt: string }) => r.updatedAt }
} as const satisfies Record<BackupTable, { schema: v.GenericSchema; stamp: (r: never) => string }>;

const table = <S extends v.GenericSchema>(schema: S) =>
	v.pipe(
		v.array(schema),
		v.maxLength(MAX_RECORDS),
		v.check(
			(records) => new Set(records.map((r) => (r as { id: string }).id)).size === records.length,
			'duplicate id'
		)
	);

export const BackupSchema = v.pipe(
	v.object({
		format: v.literal(BACKUP_FORMAT),
		version: v.literal(BACKUP_VERSION),
		exportedAt: v.pipe(v.string(), v.maxLength(40)),
		tables: v.object({
			goals: table(BACKUP_TABLES.goals.schema),
			evidence: table(BACKUP_TABLES.evidence.schema),
			attachments: table(BACKUP_TABLES.attachments.schema),
			reflections: table(BACKUP_TABLES.reflections.schema),
			registers: table(BACKUP_TABLES.registers.schema),
			peActivities: table(BACKUP_TABLES.peActivities.schema),
			shares: table(BACKUP_TABLES.shares.schema),
			responses: table(BACKUP_TABLES.responses.schema),
			questions: table(BACKUP_TABLES.questions.schema),
			receivedShares: table(BACKUP_TABLES.receivedShares.schema),
			// Added with competencies (Koers 0.2); backups made before simply have none.
			frameworks: v.optional(table(BACKUP_TABLES.frameworks.schema), []),
			competencyLinks: v.optional(table(BACKUP_TABLES.competencyLinks.schema), []),
			assessments: v.optional(table(BACKUP_TABLES.assessments.schema), []),
			pathSteps: v.optional(table(BACKUP_TABLES.pathSteps.schema), []),
			profile: v.optional(table(BACKUP_TABLES.profile.schema), [])
		}),
		files: v.pipe(v.array(FileEntrySchema), v.maxLength(MAX_RECORDS))
	}),
	v.check((backup) => {
		const files = new Set(backup.files.map((f) => f.sha256));
		return (
			files.size === backup.files.length &&
			backup.tables.attachments.every((a) => files.has(a.sha256))
		);
	}, 'files')
);

export type Backup = v.InferOutput<typeof BackupSchema>;
export type BackupTables = Backup['tables'];
export type BackupFile = Backup['files'][number];

/** Why a backup document was refused; each has a message for the learner. */
export type BackupProblem =
	| { kind: 'notBackup' }
	| { kind: 'notKoersBackup' }
	| { kind: 'unsupportedVersion' }
	| { kind: 'newerVersion'; version: number }
	| { kind: 'invalid'; where: string };

/** Checks a parsed `koers.json` completely; nothing is trusted before this says so. */
export function readBackup(raw: unknown): { backup: Backup } | { problem: BackupProblem } {
	// koers.json is there (the caller read it), so say what is wrong with it, not that it is missing.
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return { problem: { kind: 'notKoersBackup' } };
	}
	if ((raw as { format?: unknown }).format !== BACKUP_FORMAT) {
		return { problem: { kind: 'notKoersBackup' } };
	}
	const version = (raw as { version?: unknown }).version;
	if (typeof version === 'number' && Number.isSafeInteger(version) && version > BACKUP_VERSION) {
		return { problem: { kind: 'newerVersion', version } };
	}
	if (version !== BACKUP_VERSION) return { problem: { kind: 'unsupportedVersion' } };
	const result = v.safeParse(BackupSchema, raw);
	if (result.success) return { backup: result.output };
	const issue = result.issues[0];
	const path = v.getDotPath(issue) ?? issue.message;
	return { problem: { kind: 'invalid', where: path } };
}

/** An empty backup document, to fill from the database. */
export function emptyTables(): BackupTables {
	return Object.fromEntries(
		BACKUP_TABLE_NAMES.map((name) => [name, []])
	) as unknown as BackupTables;
}
