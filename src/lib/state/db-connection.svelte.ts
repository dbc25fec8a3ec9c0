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
