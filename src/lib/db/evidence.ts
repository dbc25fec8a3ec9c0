import { nowStamp } from '$lib/domain/dates';
import type { Evidence, EvidenceFields } from '$lib/domain/evidence';
import { detachAll, releaseAll, saveWithAttachments, type AttachmentChanges } from './attachments';
import { mergeOntoStored, type EditBase } from './edits';
import { emitDbEvent } from './events';
import { db } from './koers-db';

export { attachmentsOf } from './attachments';

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

/** Stores new evidence with its files and returns it. */
export async function createEvidence(
	fields: EvidenceFields,
	changes: AttachmentChanges = {}
): Promise<Evidence> {
	const stamp = nowStamp();
	const evidence: Evidence = {
		...fields,
		id: crypto.randomUUID(),
		createdAt: stamp,
		updatedAt: stamp
	};
	await saveWithAttachments('evidence', { add: evidence }, changes);
	emitDbEvent('saved', { kind: 'evidence', id: evidence.id });
	return evidence;
}

/**
 * Saves edited evidence fields (merged with changes made elsewhere since `edit.base`), adds new
 * files and removes the attachments asked for.
 */
export async function updateEvidence(
	id: string,
	fields: EvidenceFields,
	changes: AttachmentChanges = {},
	edit?: EditBase<Evidence>
): Promise<void> {
	const merge = (stored: Evidence) => ({
		...mergeOntoStored(stored, fields, edit),
		updatedAt: nowStamp()
	});
	await saveWithAttachments('evidence', { id, merge }, changes);
	emitDbEvent('saved', { kind: 'evidence', id });
}

/** Deletes evidence, its attachments, the reflections on it and bytes no one else uses. */
export async function deleteEvidence(id: string): Promise<void> {
	const detached = await db.transaction(
		'rw',
		[db.evidence, db.attachments, db.reflections, db.competencyLinks],
		async () => {
			await db.reflections.where('subjectId').equals(id).delete();
			await db.competencyLinks.where('recordId').equals(id).delete();
			await db.evidence.delete(id);
			return detachAll(id);
		}
	);
	await releaseAll(detached);
	emitDbEvent('deleted', { kind: 'evidence', id });
}
