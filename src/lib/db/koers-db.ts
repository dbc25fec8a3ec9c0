import Dexie, { type EntityTable } from 'dexie';
import type { Attachment } from '$lib/domain/attachment';
import type { Evidence } from '$lib/domain/evidence';
import type { PeActivity } from '$lib/domain/pe/activity';
import type { Register } from '$lib/domain/pe/register';
import type { Goal } from '$lib/domain/goal';
import type { Reflection } from '$lib/domain/reflection';

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
	data: Blob;
	createdAt: string;
}

/** Small facts about this installation (first save done, persistence asked, ...). */
export interface MetaRecord {
	key: string;
	value: unknown;
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
	}
} as const;

/**
 * The learner's own database: the single source of truth for their portfolio.
 * Every schema change adds a version (never edits one) with an upgrade where data moves,
 * and a test in migrations.spec.ts that opens a database of the version before.
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

	constructor(name = DB_NAME) {
		super(name);
		this.version(1).stores(SCHEMA_VERSIONS[1]);
		this.version(2)
			.stores(SCHEMA_VERSIONS[2])
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
	}
}

/** The app's one database connection. */
export const db = new KoersDb();
