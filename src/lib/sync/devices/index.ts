/**
 * The device sync of this browser: one session (session.ts) wired to the sync engine
 * (db/device-sync), the group kept in db/devices, the file transfer (files.ts) and the peer room.
 * One tab per browser syncs: the tab holding the Web Lock "koers-device-sync" leads; the others
 * wait for the lock (and take over when the leader closes) and follow through the database.
 */
import * as engine from '$lib/db/device-sync';
import { deviceSettings, noteDevice, updateDeviceGroup } from '$lib/db/devices';
import { watchQuery } from '$lib/db/live';
import { withLock } from '$lib/db/locks';
import { openRoom } from '../peer/room';
import { deviceFiles } from './files';
import { DeviceSession, type SessionOptions } from './session';

export { DeviceSession, type SessionStatus, type IncomingProgress } from './session';
export { EAGER_FILE_BYTES } from './files';

const LEADER_LOCK = 'koers-device-sync';

/** The session of this tab, created on first use. */
let session: DeviceSession | undefined;
const wanted = new Set<string>();

export function deviceSession(options: Partial<SessionOptions> = {}): DeviceSession {
	if (session) return session;
	const created: DeviceSession = new DeviceSession({
		engine,
		store: {
			load: async () => {
				const settings = await deviceSettings();
				return { group: settings.group, name: settings.name ?? '' };
			},
			update: updateDeviceGroup,
			note: noteDevice
		},
		files: deviceFiles({
			missing: engine.missingFiles,
			onProgress: (file) => created.fileProgress(file),
			wanted: () => wanted
		}),
		openRoom,
		watchLog: (listener) => watchQuery(engine.localVector, { next: () => listener() }),
		...options
	});
	session = created;
	return created;
}

export interface LeadOptions {
	/** Another tab holds the lead (heard at once, before this tab waits for it). */
	onWaiting?: () => void;
	/** This tab leads from now on (called before the sync starts). */
	onLead?: () => void;
}

/**
 * Starts syncing once this tab leads (at once when no other tab syncs). Returns the function that
 * stops and lets another tab lead.
 */
export function leadDeviceSync({ onWaiting, onLead }: LeadOptions = {}): () => void {
	const current = deviceSession();
	let stopped = false;
	let granted = false;
	let release: (() => void) | undefined;
	const locks = globalThis.navigator?.locks;
	if (locks)
		void locks.query().then((state) => {
			if (!granted && state.held?.some((lock) => lock.name === LEADER_LOCK)) onWaiting?.();
		});
	void withLock(LEADER_LOCK, async () => {
		// Stopped while waiting for the lead: hand it on at once.
		if (stopped) return;
		granted = true;
		onLead?.();
		const held = new Promise<void>((resolve) => (release = resolve));
		await current.start();
		await held;
	});
	return () => {
		stopped = true;
		current.stop();
		release?.();
	};
}

/** Fetches a large file on demand (it is not copied eagerly). */
export function fetchFileNow(sha256: string): void {
	wanted.add(sha256);
	session?.fetchFiles();
}
