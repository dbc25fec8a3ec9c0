import { createSubscriber } from 'svelte/reactivity';
import { connectionState, onConnectionChange, type ConnectionState } from '$lib/db/connection';

/** Whether this tab can still use its database, made reactive for the banner that says it cannot. */
class DbConnection {
	#subscribe = createSubscriber((update) => onConnectionChange(update));

	get current(): ConnectionState {
		this.#subscribe();
		return connectionState();
	}

	/** Opens this tab again with the current version; forms restore their drafts. */
	reload(): void {
		location.reload();
	}
}

export const dbConnection = new DbConnection();

/**
 * Whether this browser may hold the learner's things, and a call once this tab uses its database:
 * the start page and the app's frame load the database's code only then (db/connection.ts).
 */
export { databaseMayHoldData, whenDatabaseInUse } from '$lib/db/connection';
