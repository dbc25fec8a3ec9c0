import type { Table } from 'dexie';
import { nowStamp } from '$lib/domain/dates';
import type { Attachment, AttachmentOwner } from '$lib/domain/attachment';
import { releaseFile, type ByteProgress } from './files';
import { db, type FileRecord } from './koers-db';
import { Upload, uploadTables } from './uploads';

/** Files to add to and remove from a record as it is saved. */
export interface AttachmentChanges {
	files?: readonly File[];
	removeAttachmentIds?: readonly string[];
	signal?: AbortSignal;
	onProgress?: (progress: ByteProgress) => void;
}

/** The files attached to a record, in the order they were added. */
export async function attachmentsOf(ownerId: string): Promise<Attachment[]> {
	const list = await db.attachments.where('ownerId').equals(ownerId).toArray();
	return list.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Streams the files into storage with one progress for all of them. */
async function storeAll(
	upload: Upload,
	changes: AttachmentChanges
): Promise<{ file: File; record: FileRecord }[]> {
	const files = changes.files ?? [];
	const total = files.reduce((sum, file) => sum + file.size, 0);
	const stored: { file: File; record: FileRecord }[] = [];
	let before = 0;
	for (const file of files) {
		const record = await upload.store(file, {
			signal: changes.signal,
			onProgress: ({ done }) => changes.onProgress?.({ done: before + done, total })
		});
		stored.push({ file, record });
		before += file.size;
	}
	return stored;
}

/** A new record to add, or an edit merged onto the stored record inside the transaction. */
export type RecordSave<T> = { add: T } | { id: string; merge: (stored: T) => T };

/**
 * Saves a record with its new files in one transaction once the bytes are stored; when anything
 * fails or is cancelled, no record is written and the stored bytes are removed again.
 */
export async function saveWithAttachments<T extends { id: string }>(
	ownerKind: AttachmentOwner,
	save: RecordSave<T>,
	changes: AttachmentChanges
): Promise<void> {
	// Both owner tables are keyed by a string id; the record's own type was checked by the caller.
	const table = (ownerKind === 'evidence' ? db.evidence : db.peActivities) as unknown as Table<
		T,
		string
	>;
	const ownerId = 'add' in save ? save.add.id : save.id;
	const write = async () => {
		if ('add' in save) return table.add(save.add);
		const stored = await table.get(ownerId);
		if (!stored) throw new Error(`No ${ownerKind} ${ownerId}`);
		return table.put(save.merge(stored));
	};
	// A conflict shows before any bytes are stored, and again inside the transaction.
	if ('merge' in save) {
		const stored = await table.get(ownerId);
		if (stored) save.merge(stored);
	}
	const files = changes.files ?? [];
	// Only a save with files holds chunks, so only that one is an upload.
	const upload =
		files.length > 0
			? await Upload.begin(
					{ what: 'files', name: files.map((file) => file.name).join(', ') },
					files.reduce((sum, file) => sum + file.size, 0)
				)
			: null;
	const removed: Attachment[] = [];
	try {
		const stored = upload ? await storeAll(upload, changes) : [];
		const tables = [table, db.attachments, db.files, ...uploadTables()];
		await db.transaction('rw', tables, async () => {
			await write();
			for (const { file, record: fileRecord } of stored) {
				if (!(await db.files.get(fileRecord.sha256))) await db.files.add(fileRecord);
				await db.attachments.add({
					id: crypto.randomUUID(),
					ownerKind,
					ownerId,
					name: file.name.slice(0, 255) || 'file',
					type: fileRecord.type,
					size: fileRecord.size,
					sha256: fileRecord.sha256,
					createdAt: nowStamp()
				});
			}
			for (const id of changes.removeAttachmentIds ?? []) {
				const attachment = await db.attachments.get(id);
				if (attachment?.ownerId !== ownerId) continue;
				removed.push(attachment);
				await db.attachments.delete(id);
			}
			await upload?.finish();
		});
	} finally {
		await upload?.close();
	}
	for (const attachment of removed) await releaseFile(attachment.sha256);
}

/** Deletes a record's attachment rows inside the caller's transaction; returns them. */
export async function detachAll(ownerId: string): Promise<Attachment[]> {
	const list = await db.attachments.where('ownerId').equals(ownerId).toArray();
	await db.attachments.where('ownerId').equals(ownerId).delete();
	return list;
}

/** Frees the bytes of detached attachments that nothing else uses (outside a transaction). */
export async function releaseAll(attachments: readonly Attachment[]): Promise<void> {
	for (const attachment of attachments) await releaseFile(attachment.sha256);
}
