import { nowStamp } from '$lib/domain/dates';
import type { PeActivity, PeActivityFields } from '$lib/domain/pe/activity';
import { detachAll, releaseAll, saveWithAttachments, type AttachmentChanges } from './attachments';
import { mergeOntoStored, type EditBase } from './edits';
import { emitDbEvent } from './events';
import { db } from './koers-db';

/** Every PE activity, most recent first. */
export async function listPeActivities(): Promise<PeActivity[]> {
	return (await db.peActivities.orderBy('endDate').reverse().toArray()) as PeActivity[];
}

/** One PE activity. */
export function getPeActivity(id: string): Promise<PeActivity | undefined> {
	return db.peActivities.get(id);
}

function newActivity(fields: PeActivityFields): PeActivity {
	const stamp = nowStamp();
	return { ...fields, id: crypto.randomUUID(), createdAt: stamp, updatedAt: stamp };
}

/** Stores a new activity with its certificates and returns it. */
export async function createPeActivity(
	fields: PeActivityFields,
	changes: AttachmentChanges = {}
): Promise<PeActivity> {
	const activity = newActivity(fields);
	await saveWithAttachments('peActivity', { add: activity }, changes);
	emitDbEvent('saved', { kind: 'peActivity', id: activity.id });
	return activity;
}

/** Saves an activity's edited fields (merged like a goal's), adds and removes certificates. */
export async function updatePeActivity(
	id: string,
	fields: PeActivityFields,
	changes: AttachmentChanges = {},
	edit?: EditBase<PeActivity>
): Promise<void> {
	const merge = (stored: PeActivity) => ({
		...mergeOntoStored(stored, fields, edit),
		updatedAt: nowStamp()
	});
	await saveWithAttachments('peActivity', { id, merge }, changes);
	emitDbEvent('saved', { kind: 'peActivity', id });
}

/** Stores many activities at once: all of them, or (on any failure) none. */
export async function importPeActivities(list: readonly PeActivityFields[]): Promise<number> {
	const activities = list.map(newActivity);
	// In one transaction, so a failure part-way (a full disk) leaves nothing half-imported.
	await db.transaction('rw', db.peActivities, () => db.peActivities.bulkAdd(activities));
	emitDbEvent('saved', { kind: 'peActivity', id: activities[0]?.id ?? '' });
	return activities.length;
}

/** Deletes an activity and its certificates. */
export async function deletePeActivity(id: string): Promise<void> {
	const detached = await db.transaction('rw', db.peActivities, db.attachments, async () => {
		await db.peActivities.delete(id);
		return detachAll(id);
	});
	await releaseAll(detached);
	emitDbEvent('deleted', { kind: 'peActivity', id });
}
