import * as v from 'valibot';
import {
	countMissing,
	listConflicts,
	missingFiles,
	resolveConflict as resolveInDb,
	thisDevice,
	type ConflictChoice,
	type FieldConflict
} from '$lib/db/device-sync';
import { deviceSettings, saveDeviceGroup, saveDeviceName, saveKeepAllFiles } from '$lib/db/devices';
import { watchQuery } from '$lib/db/live';
import type { DeviceGroup, KnownDevice } from '$lib/domain/devices/group';
import { deviceKind, DeviceNameSchema } from '$lib/domain/devices/names';
import { formatPairLink, parsePairText, type PairLink } from '$lib/domain/devices/pair-link';
import type { SessionStatus } from '$lib/sync/devices/session';
import type { MessageId } from '$lib/i18n';
import { act, actAndSay, reportFailure, UserError } from './action';
import { TabRelay, type TabAction } from './device-tabs';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';

/**
 * The learner's devices: pairing (a link or QR code carrying the group's secret), this device's
 * name, the other devices with what they still lack, conflicts between devices, and the sync
 * itself (sync/devices), which runs in one tab per browser on every page while the app is open
 * (state/background starts it); the other tabs show its status and ask it to act (device-tabs).
 * The sync code (WebRTC) loads only once this device is paired.
 */

const IDLE: SessionStatus = {
	state: 'idle',
	online: [],
	incoming: [],
	badMessages: 0,
	refusedOps: 0,
	appliedOps: 0,
	file: null
};

type SyncModule = typeof import('$lib/sync/devices');

class DeviceSyncHub {
	#status = $state.raw<SessionStatus>(IDLE);
	/** Another tab of this browser syncs (this one shows its status and asks it to act). */
	#waiting = $state(false);
	#leading = false;
	#relay: TabRelay | undefined;
	#module: SyncModule | undefined;
	#stopLead: (() => void) | undefined;
	#stopStatus: (() => void) | undefined;
	#unwatch: (() => void) | undefined;
	#paired = false;
	#queue: Promise<void> = Promise.resolve();

	get status(): SessionStatus {
		return this.#status;
	}

	get waiting(): boolean {
		return this.#waiting;
	}

	/** Syncs while the app is open and this device is paired (safe to call more than once). */
	start(): void {
		if (this.#unwatch) return;
		this.#relay = new TabRelay({
			leading: () => this.#leading,
			status: () => this.#status,
			onStatus: (status) => {
				this.#status = status;
				this.#waiting = true;
			},
			run: (action) => this.#run(action)
		});
		this.#unwatch = watchQuery(deviceSettings, {
			next: (settings) => {
				const paired = settings.group !== null;
				if (paired === this.#paired) return;
				this.#paired = paired;
				void this.#enqueue(() => (paired ? this.#lead() : this.#leave()));
			}
		});
	}

	/** Stops syncing (before deleting everything, say). */
	stop(): void {
		this.#unwatch?.();
		this.#unwatch = undefined;
		this.#relay?.close();
		this.#relay = undefined;
		this.#paired = false;
		void this.#enqueue(() => this.#leave());
	}

	#enqueue(step: () => Promise<void>): Promise<void> {
		this.#queue = this.#queue.then(step).catch((error: unknown) => console.error(error));
		return this.#queue;
	}

	async #load(): Promise<SyncModule> {
		this.#module ??= await import('$lib/sync/devices');
		return this.#module;
	}

	async #lead(): Promise<void> {
		if (this.#stopLead) return;
		const sync = await this.#load();
		const session = sync.deviceSession();
		this.#stopStatus = session.events.on('status', (status) => {
			if (!this.#leading) return;
			this.#status = status;
			this.#relay?.announce();
		});
		this.#stopLead = sync.leadDeviceSync({
			onWaiting: () => (this.#waiting = true),
			onLead: () => {
				this.#leading = true;
				this.#waiting = false;
			}
		});
	}

	async #leave(): Promise<void> {
		this.#stopLead?.();
		this.#stopStatus?.();
		this.#stopLead = this.#stopStatus = undefined;
		this.#leading = false;
		this.#waiting = false;
		this.#status = IDLE;
	}

	/** Carries out an action in the tab that syncs: this one, or another of this browser. */
	#perform(action: TabAction): Promise<void> {
		return this.#relay ? this.#relay.perform(action, this.#waiting) : this.#run(action);
	}

	async #run(action: TabAction): Promise<void> {
		const session = () => this.#module?.deviceSession();
		switch (action.name) {
			case 'pause':
				return session()?.pause();
			case 'resume':
				return void session()?.start();
			case 'restart':
				return this.#enqueue(async () => {
					if (this.#stopLead) await session()?.start();
				});
			case 'rename':
				return session()?.rename(action.value);
			case 'remove': {
				const sync = await this.#load();
				const { randomSecret } = await import('$lib/sync/sealed');
				await sync.deviceSession().remove(action.device, randomSecret());
				// Its key no longer speaks for the learner in any learning group.
				const { revokeDevice } = await import('$lib/sync/groups/revoke');
				await revokeDevice(action.device);
				return;
			}
			case 'fetch':
				return this.#module?.fetchFileNow(action.sha256);
		}
	}

	/** Starts again with the group as stored now (after pairing, say). */
	restart(): Promise<void> {
		return this.#perform({ name: 'restart' });
	}

	/** Cancel: leaves the room; nothing syncs until `resume`. */
	pause(): void {
		void this.#perform({ name: 'pause' }).catch(reportFailure);
	}

	resume(): void {
		void this.#perform({ name: 'resume' }).catch(reportFailure);
	}

	remove(device: string): Promise<void> {
		return this.#perform({ name: 'remove', device });
	}

	rename(name: string): Promise<void> {
		return this.#perform({ name: 'rename', value: name });
	}

	fetchNow(sha256: string): void {
		void this.#perform({ name: 'fetch', sha256 }).catch(reportFailure);
	}
}

/** The device sync of this tab. */
export const deviceHub = new DeviceSyncHub();

export type { FieldConflict } from '$lib/db/device-sync';

/** A device as the devices screen lists it. */
export interface DeviceRow extends KnownDevice {
	online: boolean;
	/** Changes made on or received by this device that it still lacks (as last heard). */
	pending: number;
}

export interface DevicesOverview {
	self: string;
	name: string;
	keepAllFiles: boolean;
	group: DeviceGroup | null;
	devices: DeviceRow[];
	/** Files whose bytes this device still lacks, and their size. */
	missingFiles: { count: number; bytes: number; list: { sha256: string; size: number }[] };
	conflicts: FieldConflict[];
}

/** The name this device gets until the learner names it. */
export function defaultDeviceName(): string {
	const agent = globalThis.navigator?.userAgent ?? '';
	return t(`devices.kind.${deviceKind(agent)}` as MessageId);
}

async function loadOverview(): Promise<Omit<DevicesOverview, 'self'>> {
	const [settings, missing, conflicts] = await Promise.all([
		deviceSettings(),
		missingFiles(),
		listConflicts()
	]);
	const devices = await Promise.all(
		(settings.group?.devices ?? []).map(async (device) => ({
			...device,
			online: false,
			pending: await countMissing(device.vector)
		}))
	);
	return {
		name: settings.name ?? defaultDeviceName(),
		keepAllFiles: settings.keepAllFiles,
		group: settings.group,
		devices,
		missingFiles: {
			count: missing.length,
			bytes: missing.reduce((sum, file) => sum + file.size, 0),
			list: missing.map(({ sha256, size }) => ({ sha256, size }))
		},
		conflicts
	};
}

/** What the devices screen shows, kept current. */
export class DevicesView {
	readonly query = new LiveQuery(loadOverview);
	/** This database's device id, read outside the live query (the first read may create it). */
	#self = $state('');
	#now = $state.raw(Date.now());
	#link = $state<string | null>(null);
	#pairError = $state<MessageId | null>(null);

	constructor() {
		void thisDevice().then((id) => (this.#self = id));
	}

	get current(): DevicesOverview | undefined {
		const overview = this.query.current;
		if (!overview || !this.#self) return undefined;
		const online = deviceHub.status.online.map((d) => d.device);
		return {
			...overview,
			self: this.#self,
			devices: overview.devices.map((d) => ({ ...d, online: online.includes(d.id) }))
		};
	}

	get status(): SessionStatus {
		return deviceHub.status;
	}

	/** Another tab syncs (this one follows). */
	get waiting(): boolean {
		return deviceHub.waiting;
	}

	/** Now, for "last synced …" (ticks while the screen is open, see `tick`). */
	get now(): Date {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh value, never changed
		return new Date(this.#now);
	}

	/** The pair link shown after "Add a device". */
	get link(): string | null {
		return this.#link;
	}

	/** Why the last pair link could not be opened. */
	get pairError(): MessageId | null {
		return this.#pairError;
	}

	/** Call from an effect: keeps "now" current; returns the function that stops. */
	tick(): () => void {
		const timer = setInterval(() => (this.#now = Date.now()), 30_000);
		return () => clearInterval(timer);
	}

	/** "Add a device": makes the group if there is none yet and shows its link. */
	async addDevice(origin: string): Promise<void> {
		const link = await act(() => pairDevice());
		if (link) this.#link = formatPairLink(origin, link);
	}

	hideLink(): void {
		this.#link = null;
	}

	/** Opens a pair link (the page's fragment, or pasted); true when this device joined. */
	async openLink(text: string): Promise<boolean> {
		const outcome = await openPairLink(text);
		this.#pairError = outcome === true ? null : outcome;
		return outcome === true;
	}
}

/** Makes the group (on the first "Add a device") and returns what its link carries. */
export async function pairDevice(): Promise<PairLink> {
	const settings = await deviceSettings();
	if (settings.group) return { secret: settings.group.secret, epoch: settings.group.epoch };
	const { randomSecret } = await import('$lib/sync/sealed');
	const group: DeviceGroup = {
		secret: randomSecret(),
		epoch: 0,
		devices: [],
		removed: [],
		previous: null
	};
	if (!settings.name) await saveDeviceName(defaultDeviceName());
	await saveDeviceGroup(group);
	return { secret: group.secret, epoch: group.epoch };
}

/**
 * Joins the group a pair link names; true, or why not. This device's own work stays and merges
 * with the group's; a device paired elsewhere before moves to this group.
 */
export async function openPairLink(text: string): Promise<true | MessageId> {
	const parsed = parsePairText(text);
	if (!parsed.ok)
		return parsed.reason === 'changed' ? 'devices.error.changedLink' : 'devices.error.invalidLink';
	const worked = await act(async () => {
		const settings = await deviceSettings();
		if (settings.group?.secret === parsed.link.secret) return true;
		if (!settings.name) await saveDeviceName(defaultDeviceName());
		await saveDeviceGroup({
			secret: parsed.link.secret,
			epoch: parsed.link.epoch,
			devices: [],
			removed: [],
			previous: null
		});
		// A hub syncing another group moves to this one; otherwise the hub sees the new group itself
		// (the learner is not kept waiting for the room either way).
		if (settings.group) void deviceHub.restart();
		return true;
	});
	return worked === true ? true : 'devices.error.pairFailed';
}

/** Names this device (the others see the name). */
export async function renameDevice(name: string): Promise<boolean> {
	const parsed = v.safeParse(DeviceNameSchema, name);
	if (!parsed.success) {
		const message = parsed.issues[0]?.message;
		await act(async () => {
			throw new UserError(
				(message?.startsWith('devices.') || message?.startsWith('error.')
					? message
					: 'error.invalid') as MessageId
			);
		});
		return false;
	}
	return actAndSay(async () => {
		await saveDeviceName(parsed.output);
		await deviceHub.rename(parsed.output);
	}, 'devices.renamed');
}

/** Removes a device from the group: the others move to a new secret it never gets. */
export function removeDevice(id: string): Promise<boolean> {
	return actAndSay(() => deviceHub.remove(id), 'devices.removed');
}

/** Resolves a conflict as the learner chose. */
export function resolveConflict(id: string, choice: ConflictChoice): Promise<boolean> {
	return actAndSay(() => resolveInDb(id, choice), 'devices.conflict.resolved');
}

/** Keeps every file on this device (also those above 25 MB), or only those up to 25 MB. */
export async function setKeepAllFiles(keep: boolean): Promise<boolean> {
	const worked = await actAndSay(() => saveKeepAllFiles(keep), 'common.saved');
	if (worked && keep) deviceHub.fetchNow('');
	return worked;
}

/** Fetches one large file now (it is not copied eagerly). */
export function fetchFileNow(sha256: string): void {
	deviceHub.fetchNow(sha256);
}
