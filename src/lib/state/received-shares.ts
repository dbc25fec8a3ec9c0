import { listReceivedShares } from '$lib/db/received-shares';
import { LiveQuery } from './live-query.svelte';

/** The coach's inbox: every share opened in this browser, most recently visited first. */
export function receivedShares() {
	return new LiveQuery(listReceivedShares);
}
