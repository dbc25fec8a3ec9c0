import { nowStamp } from '$lib/domain/dates';
import type { DeviceGroup, KnownDevice } from '$lib/domain/devices/group';
import { db } from './koers-db';
import { getMeta, setMeta } from './meta';
import { uploadTables, type Upload } from './uploads';

/**
 * This device's place in the learner's device group, kept in `meta` (no table of its own): the
 * group (secret, epoch, the other devices), this device's name, and whether it keeps every file.
 * Nothing here is synced as ops: devices tell each other their names and lists in the room
 * (sync/devices). "Delete everything" removes it with the rest of this database only.
 */
const GROUP = 'deviceGroup';
const NAME = 'deviceName';
const KEEP_ALL = 'deviceKeepAllFiles';

export interface DeviceSettings {
	group: DeviceGroup | null;
	name: string | null;
	keepAllFiles: boolean;
}

/** The group (null before pairing), this device's name and its file setting. */
export async function deviceSettings(): Promise<DeviceSettings> {
	const [group, name, keepAllFiles] = await Promise.all([
		getMeta<DeviceGroup>(GROUP),
		getMeta<string>(NAME),
		getMeta<boolean>(KEEP_ALL)
	]);
	return { group: group ?? null, name: name ?? null, keepAllFiles: keepAllFiles === true };
}

/** The group, or null before pairing. */
export async function deviceGroup(): Promise<DeviceGroup | null> {
	return (await getMeta<DeviceGroup>(GROUP)) ?? null;
}

/** Stores the group as a whole (after pairing or a removal). */
export async function saveDeviceGroup(group: DeviceGroup | null): Promise<void> {
	if (group) await setMeta(GROUP, group);
	else await db.meta.delete(GROUP);
}

/** Changes the group in one transaction (so two updates never lose each other's part). */
export async function updateDeviceGroup(
	change: (group: DeviceGroup) => DeviceGroup | null
): Promise<DeviceGroup | null> {
	return db.transaction('rw', db.meta, async () => {
		const group = await getMeta<DeviceGroup>(GROUP);
		if (!group) return null;
		const next = change(group);
		if (next && next !== group) await setMeta(GROUP, next);
		return next;
	});
}

/** Notes what this device knows of another one after meeting it. */
export async function noteDevice(
	id: string,
	change: Partial<Pick<KnownDevice, 'vector' | 'lastSyncedAt' | 'name'>>
): Promise<void> {
	await updateDeviceGroup((group) => {
		if (!group.devices.some((d) => d.id === id)) return group;
		return {
			...group,
			devices: group.devices.map((d) => (d.id === id ? { ...d, ...change } : d))
		};
	});
}

export async function saveDeviceName(name: string): Promise<void> {
	await setMeta(NAME, name);
}

export async function saveKeepAllFiles(keep: boolean): Promise<void> {
	await setMeta(KEEP_ALL, keep);
}

/** Whether a file's bytes are stored on this device. */
export async function hasFile(sha256: string): Promise<boolean> {
	return (await db.files.get(sha256)) !== undefined;
}

/**
 * Keeps a file fetched from another device once all its chunks are stored and its SHA-256
 * checked: the attachment that names it arrived as an op, so it is used from now on.
 */
export async function keepSyncedFile(
	file: { sha256: string; size: number; type: string; chunks: string[] },
	upload: Upload
): Promise<void> {
	await db.transaction('rw', [db.files, ...uploadTables()], async () => {
		if (!(await db.files.get(file.sha256))) await db.files.add({ ...file, createdAt: nowStamp() });
		await upload.finish();
	});
}
