import type { DeviceEntry } from './protocol';

/**
 * A learner's device group as one device keeps it: the shared secret of its room, the epoch of
 * that secret (it grows by one whenever a device is removed), the devices it lists, and what this
 * device remembers of each (when they last synced, what they held then).
 */
export interface KnownDevice {
	id: string;
	name: string;
	addedAt: string;
	/** When this device last finished catching up with it (both ways), if ever. */
	lastSyncedAt: string | null;
	/** Its version vector as last heard (to count what it still lacks while apart). */
	vector: Record<string, number>;
}

export interface DeviceGroup {
	secret: string;
	epoch: number;
	/** The other devices of the group (not this one). */
	devices: KnownDevice[];
	/** Devices removed from the group: never listed again, whatever an old peer says. */
	removed: string[];
	/** The secret before the last removal, to hand the new one to devices that missed it. */
	previous: { secret: string; epoch: number } | null;
}

/**
 * Merges the device list a peer of the same epoch sent into ours: devices we did not know are
 * added (a device paired through the other one), a device's own name wins for its entry, and
 * removed devices (and this device itself) are left out.
 */
export function mergeDevices(
	group: DeviceGroup,
	self: string,
	from: { device: string; name: string },
	theirs: readonly DeviceEntry[],
	now: string
): DeviceGroup {
	const removed = new Set(group.removed);
	const devices = group.devices.map((d) => ({ ...d }));
	const byId = new Map(devices.map((d) => [d.id, d]));
	for (const entry of [...theirs, { id: from.device, name: from.name }]) {
		if (entry.id === self || removed.has(entry.id)) continue;
		const known = byId.get(entry.id);
		if (!known) {
			const added: KnownDevice = {
				id: entry.id,
				name: entry.name,
				addedAt: now,
				lastSyncedAt: null,
				vector: {}
			};
			devices.push(added);
			byId.set(entry.id, added);
		} else if (entry.id === from.device && entry.name) known.name = entry.name;
	}
	return { ...group, devices };
}

/** The group after removing `device`: a new secret, the next epoch, the old secret kept. */
export function withoutDevice(group: DeviceGroup, device: string, secret: string): DeviceGroup {
	return {
		secret,
		epoch: group.epoch + 1,
		devices: group.devices.filter((d) => d.id !== device),
		removed: [...new Set([...group.removed, device])],
		previous: { secret: group.secret, epoch: group.epoch }
	};
}

/** The list a device sends: itself and the devices it knows. */
export function deviceEntries(
	group: DeviceGroup,
	self: { id: string; name: string }
): DeviceEntry[] {
	return [self, ...group.devices.map(({ id, name }) => ({ id, name }))];
}
