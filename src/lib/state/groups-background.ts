/**
 * Learning groups in the background, on every page (started from state/background.ts):
 * - the learner's devices vouch for each other's keys as soon as they meet (db/identity.ts), so
 *   a group joined on one device can be written in from every other; a removed device's key is
 *   revoked in every group (sync/groups/revoke.ts);
 * - each group the learner is a member of keeps its room open (sync/groups/session.ts), so work
 *   and feedback arrive while any page is open, not only the group's. One tab per browser holds
 *   a group's room (the Web Lock `koers-group-room-<id>`); the others wait for it (and take over
 *   when that tab closes), read what arrives through the database, and write their own
 *   contributions there, which the holding tab sends.
 * Who is online and how many envelopes were refused is known in the holding tab; it tells the
 * other tabs over the BroadcastChannel `koers-groups` (groupPresence).
 */
import { listGroups, ownHead, type GroupRecord } from '$lib/db/groups';
import { certifyMyDevices, identityInUse, myDeviceKey } from '$lib/db/identity';
import { watchQuery } from '$lib/db/live';
import { withLock } from '$lib/db/locks';
import { revokeRemovedKeys } from '$lib/sync/groups/revoke';
import { GroupSession, type SessionOptions } from '$lib/sync/groups/session';

/** What a group's page shows of its room: who is online, how many envelopes were refused. */
export interface GroupPresence {
	online: string[];
	refused: number;
}

const CHANNEL = 'koers-groups';
type PresenceMessage = { t: 'presence'; group: string; presence: GroupPresence } | { t: 'ask' };

const presence = new Map<string, GroupPresence>();
const listeners = new Set<(group: string) => void>();
let channel: BroadcastChannel | null | undefined;
/** The rooms this tab holds, by group id. */
const held = new Map<string, GroupSession>();

function presenceChannel(): BroadcastChannel | null {
	if (channel !== undefined) return channel;
	channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
	channel?.addEventListener('message', (event: MessageEvent<PresenceMessage>) => {
		const message = event.data;
		if (message?.t === 'presence') note(message.group, message.presence, false);
		else if (message?.t === 'ask') for (const [group, session] of held) tell(group, session);
	});
	return channel;
}

function note(group: string, value: GroupPresence, post: boolean): void {
	presence.set(group, value);
	if (post) presenceChannel()?.postMessage({ t: 'presence', group, presence: value });
	for (const listener of listeners) listener(group);
}

function tell(group: string, session: GroupSession): void {
	note(group, { online: session.online(), refused: session.counts.refusedEnvelopes }, true);
}

/** Calls `listener` with a group's presence now and after each change; returns the stop. */
export function groupPresence(group: string, listener: (value: GroupPresence) => void): () => void {
	const heard = (id: string) => {
		const value = presence.get(id);
		if (id === group && value) listener(value);
	};
	listeners.add(heard);
	heard(group);
	presenceChannel()?.postMessage({ t: 'ask' } satisfies PresenceMessage);
	return () => void listeners.delete(heard);
}

/** Holds one group's room while this tab has its lock; `stop` releases it (or stops waiting). */
function holdRoom(group: GroupRecord, options: SessionOptions) {
	let stopped = false;
	let release: (() => void) | undefined;
	let session: GroupSession | undefined;
	void withLock(`koers-group-room-${group.id}`, async () => {
		if (stopped) return;
		const done = new Promise<void>((resolve) => (release = resolve));
		try {
			session = await GroupSession.open(group.id, options);
		} catch (error) {
			console.error(error);
			return;
		}
		const current = session;
		held.set(group.id, current);
		const stopTelling = current.onChange(() => tell(group.id, current));
		tell(group.id, current);
		// What other tabs of this browser wrote goes out from here.
		const me = (await myDeviceKey()).id;
		const stopWatching = watchQuery(() => ownHead(group.id, me), {
			next: () => void current.sendStored()
		});
		if (!stopped) await done;
		stopWatching();
		stopTelling();
		if (held.get(group.id) === current) held.delete(group.id);
		current.close();
	});
	return {
		/** The epoch or status this holder opened with. */
		epoch: group.epoch,
		stop() {
			stopped = true;
			release?.();
		}
	};
}

/**
 * Keeps the room of every group the learner is a member of open in this tab (when it holds the
 * lock), reopening it when the group moves to a new epoch (from this device or another).
 */
export function holdGroupRooms(options: SessionOptions = {}): () => void {
	const holders = new Map<string, ReturnType<typeof holdRoom>>();
	const stopWatching = watchQuery(listGroups, {
		next: (groups) => {
			const wanted = new Map(groups.filter((g) => g.status === 'member').map((g) => [g.id, g]));
			for (const [id, holder] of holders) {
				const group = wanted.get(id);
				const live = held.get(id)?.group.epoch;
				if (group && (group.epoch === holder.epoch || group.epoch === live)) continue;
				holder.stop();
				holders.delete(id);
			}
			for (const [id, group] of wanted)
				if (!holders.has(id)) holders.set(id, holdRoom(group, options));
		}
	});
	return () => {
		stopWatching();
		for (const holder of holders.values()) holder.stop();
		holders.clear();
	};
}

function watchCertifying(): () => void {
	let running: Promise<void> | undefined;
	let again = false;
	const certify = () => {
		if (running) {
			again = true;
			return;
		}
		running = certifyMyDevices()
			// A removed device's key is revoked in each group (once this device can sign there).
			.then(() => revokeRemovedKeys())
			.then(() => undefined)
			.catch((error: unknown) => console.error(error))
			.finally(() => {
				running = undefined;
				if (again) {
					again = false;
					certify();
				}
			});
	};
	return watchQuery(identityInUse, {
		next: ({ groups, keys }) => {
			if (groups > 0 || keys > 0) certify();
		}
	});
}

/** Starts the learning groups' background work; returns the function that stops it. */
export function startGroupsBackground(): () => void {
	const stops = [watchCertifying(), holdGroupRooms()];
	return () => stops.forEach((stop) => stop());
}
