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
