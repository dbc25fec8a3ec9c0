/**
 * Learning groups in the background, on every page (started from state/background.ts):
 * - the learner's devices vouch for each other's keys as soon as they meet (db/identity.ts), so
 *   a group joined on one device can be written in from every other; a removed device's key is
 *   revoked in every group (sync/groups/revoke.ts);
 * - each group the learner is a member of keeps its room open (sync/groups/session.ts), so work
 *   and feedback arrive while any page is open, not only the group's. One tab per browser holds
 *   a group's room (the Web Lock `koers-group-room-<id>`); the others wait for it (and take over
 *   when that tab closes), read what arrives through the database, and write their own
 *   contributions there, which the holding tab sends. What needs the room itself (removing a
 *   member, fetching a member's file) takes the room over in the tab where the learner acts
 *   (roomHere: the lock is stolen, the other tab closes its room and waits for it again).
 * Who is online and how many envelopes were refused is known in the holding tab; it tells the
 * other tabs, and carries out a removal asked for in another tab (groups-tabs.ts).
 * The peer layer's code (sync/groups) loads only once there is a group or a device key to act
 * for: a first visit (a coach opening a share, say) never pays for it.
 */
import { listGroups, ownHead, type GroupRecord } from '$lib/db/groups';
import { certifyMyDevices, identityInUse, myDeviceKey } from '$lib/db/identity';
import { watchQuery } from '$lib/db/live';
import { withLock } from '$lib/db/locks';
import type { GroupSession, SessionOptions } from '$lib/sync/groups/session';
import { held, tell } from './groups-tabs';

/** This tab's holder of each group's room (holding it, or waiting to). */
const holders = new Map<string, RoomHolder>();
/** Who waits for a group's holder in this tab (roomHere, asked before the background set it up). */
const awaitingHolder = new Map<string, Set<(holder: RoomHolder) => void>>();

function addHolder(id: string, holder: RoomHolder): void {
	holders.set(id, holder);
	const waiters = awaitingHolder.get(id);
	awaitingHolder.delete(id);
	for (const waiter of waiters ?? []) waiter(holder);
}

/** How long taking a room over from another tab may take before the action fails. */
const TAKE_OVER_MS = 20_000;

/** One group's room as this tab holds it, or waits to. */
interface RoomHolder {
	/** The epoch or status this holder opened with. */
	epoch: number;
	/** Takes the room from the tab that holds it (resolves once this tab holds it). */
	takeOver(): Promise<GroupSession>;
	stop(): void;
}

/**
 * Holds one group's room while this tab has its lock, and waits for the lock again when another
 * tab takes the room over (Web Locks' `steal`: the tab where the learner acts takes it).
 */
function holdRoom(group: GroupRecord, options: SessionOptions): RoomHolder {
	const name = `koers-group-room-${group.id}`;
	let stopped = false;
	let release: (() => void) | undefined;
	let waiting: AbortController | undefined;
	let opened: ((session: GroupSession) => void)[] = [];
	let taking: Promise<GroupSession> | undefined;

	const hold = async () => {
		if (stopped) return;
		const done = new Promise<void>((resolve) => (release = resolve));
		let session: GroupSession;
		try {
			const { GroupSession } = await import('$lib/sync/groups/session');
			session = await GroupSession.open(group.id, options);
		} catch (error) {
			console.error(error);
			return;
		}
		held.set(group.id, session);
		opened.splice(0).forEach((resolve) => resolve(session));
		const stopTelling = session.onChange(() => tell(group.id, session));
		tell(group.id, session);
		// What other tabs of this browser wrote goes out from here.
		const me = (await myDeviceKey()).id;
		const stopWatching = watchQuery(() => ownHead(group.id, me), {
			next: () => void session.sendStored()
		});
		if (!stopped) await done;
		stopWatching();
		stopTelling();
		if (held.get(group.id) === session) held.delete(group.id);
		session.close();
	};

	const request = (steal: boolean) => {
		const locks = globalThis.navigator?.locks;
		if (!locks) return void withLock(name, hold);
		let granted = false;
		const wait = steal ? undefined : new AbortController();
		waiting = wait;
		const lockOptions: LockOptions = wait ? { signal: wait.signal } : { steal: true };
		locks
			.request(name, lockOptions, () => {
				granted = true;
				return hold();
			})
			.catch(() => {
				// A wait given up (stopped, or this tab takes the room over) ends here.
				if (!granted) return;
				// Taken over by another tab: the room closes here; this tab waits to hold it again.
				release?.();
				if (!stopped) request(false);
			});
	};
	request(false);

	return {
		epoch: group.epoch,
		takeOver() {
			const session = held.get(group.id);
			if (session) return Promise.resolve(session);
			if (taking) return taking;
			taking = new Promise<GroupSession>((resolve, reject) => {
				opened.push(resolve);
				setTimeout(() => reject(new Error('The group’s room did not open')), TAKE_OVER_MS);
			}).finally(() => (taking = undefined));
			waiting?.abort();
			request(true);
			return taking;
		},
		stop() {
			stopped = true;
			waiting?.abort();
			release?.();
			opened = [];
		}
	};
}

/**
 * The group's room in this tab, to act through (remove a member, fetch a member's file): held
 * here already, or taken over from the tab of this browser that holds it, which then waits to
 * hold it again when this tab lets go. Asked for before this tab's background set up the group's
 * holder (a tab just opened: the background starts once the page's view showed), it waits for it.
 */
export function roomHere(group: string): Promise<GroupSession> {
	const session = held.get(group);
	if (session) return Promise.resolve(session);
	const holder = holders.get(group);
	if (holder) return holder.takeOver();
	return new Promise<GroupSession>((resolve, reject) => {
		const waiters = awaitingHolder.get(group) ?? new Set();
		awaitingHolder.set(group, waiters);
		const waiter = (found: RoomHolder) => {
			clearTimeout(timer);
			found.takeOver().then(resolve, reject);
		};
		const timer = setTimeout(() => {
			waiters.delete(waiter);
			reject(new Error('This group’s room is not open'));
		}, TAKE_OVER_MS);
		waiters.add(waiter);
	});
}

/**
 * Keeps the room of every group the learner is a member of open in this tab (when it holds the
 * lock), reopening it when the group moves to a new epoch (from this device or another).
 */
export function holdGroupRooms(options: SessionOptions = {}): () => void {
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
				if (!holders.has(id)) addHolder(id, holdRoom(group, options));
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
			.then(() => import('$lib/sync/groups/revoke'))
			.then(({ revokeRemovedKeys }) => revokeRemovedKeys())
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
