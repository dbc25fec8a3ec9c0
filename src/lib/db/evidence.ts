import { nowStamp } from '$lib/domain/dates';
import type { Attachment, Evidence, EvidenceFields } from '$lib/domain/evidence';
import { emitDbEvent } from './events';
import { discardUnreferencedChunks, releaseFile, storeChunks, type ByteProgress } from './files';
import { db, type FileRecord } from './koers-db';

export interface SaveEvidenceOptions {
	/** New files to attach. */
	files?: readonly File[];
	/** Attachments to remove (on edit). */
	removeAttachmentIds?: readonly string[];
	signal?: AbortSignal;
	onProgress?: (progress: ByteProgress) => void;
}

/** Every piece of evidence. */
export function listEvidence(): Promise<Evidence[]> {
	return db.evidence.toArray();
}

/** One piece of evidence. */
export function getEvidence(id: string): Promise<Evidence | undefined> {
	return db.evidence.get(id);
}

/** The evidence linked to a goal. */
export function evidenceForGoal(goalId: string): Promise<Evidence[]> {
	return db.evidence.where('goalIds').equals(goalId).toArray();
}

/** The most recent evidence, for the home page. */
export function recentEvidence(limit: number): Promise<Evidence[]> {
	return db.evidence.orderBy('date').reverse().limit(limit).toArray();
}

/** The files attached to a piece of evidence, in the order they were added. */
export async function attachmentsOf(evidenceId: string): Promise<Attachment[]> {
	const list = await db.attachments.where('evidenceId').equals(evidenceId).toArray();
	return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** One attachment. */
export function getAttachment(id: string): Promise<Attachment | undefined> {
	return db.attachments.get(id);
}

/** Streams the files into storage with one progress for all of them. */
async function storeAll(
	options: SaveEvidenceOptions
): Promise<{ file: File; record: FileRecord }[]> {
	const files = options.files ?? [];
	const total = files.reduce((sum, file) => sum + file.size, 0);
	const stored: { file: File; record: FileRecord }[] = [];
	let before = 0;
	try {
		for (const file of files) {
			const record = await storeChunks(file, {
				signal: options.signal,
				onProgress: ({ done }) => options.onProgress?.({ done: before + done, total })
			});
			stored.push({ file, record });
			before += file.size;
		}
	} catch (error) {
		await discardUnreferencedChunks(stored.flatMap((s) => s.record.chunks));
		throw error;
	}
	return stored;
}

function attachmentFor(evidenceId: string, file: File, record: FileRecord): Attachment {
	return {
		id: crypto.randomUUID(),
		evidenceId,
		name: file.name.slice(0, 255) || 'file',
		type: record.type,
		size: record.size,
		sha256: record.sha256,
		createdAt: nowStamp()
	};
}

/**
 * Saves evidence with its new files in one transaction after the bytes are stored; when anything
 * fails or is cancelled, no record is written and the stored bytes are removed again.
 */
async function saveEvidence(
	evidence: Evidence,
	isNew: boolean,
	options: SaveEvidenceOptions
): Promise<void> {
	const stored = await storeAll(options);
	const removed: Attachment[] = [];
	try {
		await db.transaction('rw', [db.evidence, db.attachments, db.files], async () => {
			if (isNew) await db.evidence.add(evidence);
			else if (await db.evidence.get(evidence.id)) await db.evidence.put(evidence);
			else throw new Error(`No evidence ${evidence.id}`);
			for (const { file, record } of stored) {
				if (!(await db.files.get(record.sha256))) await db.files.add(record);
				await db.attachments.add(attachmentFor(evidence.id, file, record));
			}
			for (const id of options.removeAttachmentIds ?? []) {
				const attachment = await db.attachments.get(id);
				if (attachment?.evidenceId !== evidence.id) continue;
				removed.push(attachment);
				await db.attachments.delete(id);
			}
		});
	} catch (error) {
		await discardUnreferencedChunks(stored.flatMap((s) => s.record.chunks));
		throw error;
	}
	for (const attachment of removed) await releaseFile(attachment.sha256);
	emitDbEvent('saved', { kind: 'evidence', id: evidence.id });
}

/** Stores new evidence with its files and returns it. */
export async function createEvidence(
	fields: EvidenceFields,
	options: SaveEvidenceOptions = {}
): Promise<Evidence> {
	const stamp = nowStamp();
	const evidence: Evidence = {
		...fields,
		id: crypto.randomUUID(),
		createdAt: stamp,
		updatedAt: stamp
	};
	await saveEvidence(evidence, true, options);
	return evidence;
}

/** Replaces evidence fields, adds new files and removes the attachments asked for. */
export async function updateEvidence(
	id: string,
	fields: EvidenceFields,
	options: SaveEvidenceOptions = {}
): Promise<void> {
	const existing = await db.evidence.get(id);
	if (!existing) throw new Error(`No evidence ${id}`);
	await saveEvidence({ ...existing, ...fields, updatedAt: nowStamp() }, false, options);
}

/** Deletes evidence, its attachments, the reflections on it and bytes no one else uses. */
export async function deleteEvidence(id: string): Promise<void> {
	const attachments = await db.transaction(
		'rw',
		[db.evidence, db.attachments, db.reflections],
		async () => {
			const list = await db.attachments.where('evidenceId').equals(id).toArray();
			await db.attachments.where('evidenceId').equals(id).delete();
			await db.reflections.where('subjectId').equals(id).delete();
			await db.evidence.delete(id);
			return list;
		}
	);
	for (const attachment of attachments) await releaseFile(attachment.sha256);
	emitDbEvent('deleted', { kind: 'evidence', id });
}
