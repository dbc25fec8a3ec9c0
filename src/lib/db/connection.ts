import type Dexie from 'dexie';

/**
 * Whether this tab's database connection still serves it. Another tab can take it away: a newer
 * Koers upgrades the schema, or "Delete everything" removes the database. This tab then closes
 * its connection (so the other tab can go on) and asks the learner to reload; a write here would
 * fail, and forms keep their drafts through the reload.
 */
export type ConnectionState =
	/** In use. */
	| 'open'
	/** Closed for a newer version opened in another tab. */
	| 'outdated'
	/** Closed because another tab deleted the database. */
	| 'deleted'
	/** Waiting to open: an older Koers in another tab keeps the old version open. */
	| 'blocked';

let current: ConnectionState = 'open';
const listeners = new Set<() => void>();

function set(state: ConnectionState): void {
	current = state;
	for (const listener of listeners) listener();
}

/** The connection's state now. */
export function connectionState(): ConnectionState {
	return current;
}

/** Calls `listener` whenever the connection's state changes; returns the unsubscribe function. */
export function onConnectionChange(listener: () => void): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Closes `db` when another tab upgrades or deletes it, and notices when an older tab blocks it. */
export function watchConnection(db: Dexie): void {
	noteInUse();
	db.on('versionchange', (event: IDBVersionChangeEvent) => {
		db.close();
		set(event.newVersion === null ? 'deleted' : 'outdated');
		// Dexie's own handler would reopen on the next query, at a version that no longer exists.
		return false;
	});
	db.on('blocked', () => {
		if (current === 'open') set('blocked');
	});
	db.on(
		'ready',
		() => {
			if (current === 'blocked') set('open');
		},
		true
	);
}

/** The database's name, as koers-db.ts opens it (here without its code; a spec checks both). */
const DB_NAME = 'koers';
/** The marker db/presence.ts keeps while the database holds records (read here without its code). */
const PRESENCE_KEY = 'koers.presence';

let inUse = false;
const inUseListeners = new Set<() => void>();

/** Marks the database as opened by this tab (koers-db.ts, once its code has loaded). */
function noteInUse(): void {
	if (inUse) return;
	inUse = true;
	for (const listener of inUseListeners) listener();
	inUseListeners.clear();
}

/**
 * Calls `listener` once this tab uses the database: now when it already does, or when the
 * database exists or held records before (the eviction check needs it then), else when a page
 * first loads the database's code. Lets a first visit paint without that code. Returns the
 * function that stops waiting.
 */
export function whenDatabaseInUse(listener: () => void): () => void {
	let waiting = true;
	const call = () => {
		if (waiting) listener();
		waiting = false;
	};
	inUseListeners.add(call);
	void databaseMayHoldData().then((may) => {
		if (may) call();
	});
	return () => {
		waiting = false;
		inUseListeners.delete(call);
	};
}

/**
 * False only when this browser surely holds no Koers database and never held records (no
 * presence marker): then nothing stored can be shown, and the database's code need not load.
 */
export async function databaseMayHoldData(): Promise<boolean> {
	if (inUse) return true;
	try {
		if (localStorage.getItem(PRESENCE_KEY) !== null) return true;
		if (typeof indexedDB.databases !== 'function') return true;
		return (await indexedDB.databases()).some((database) => database.name === DB_NAME);
	} catch {
		return true;
	}
}
