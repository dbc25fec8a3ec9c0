import { DB_NAME, db } from './koers-db';
import { forgetPresence } from './presence';

/** The app's own caches hold only its public build files, never personal data; every other
 * cache (such as the inbox of files shared to Koers) is removed. */
const APP_CACHE_PREFIX = 'koers-';

/** Another tab kept a database open, so it could not be deleted. */
export class StillOpenError extends Error {
	constructor() {
		super('A database is still open in another tab');
		this.name = 'StillOpenError';
	}
}

function deleteDatabase(name: string, waitMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.deleteDatabase(name);
		const timer = setTimeout(() => reject(new StillOpenError()), waitMs);
		request.onsuccess = () => {
			clearTimeout(timer);
			resolve();
		};
		request.onerror = () => {
			clearTimeout(timer);
			reject(request.error ?? new Error(`Could not delete ${name}`));
		};
	});
}

/**
 * Removes everything Koers keeps in this browser: every IndexedDB database (the portfolio and
 * every shared document), every file in the origin-private file system, every cache that is not
 * the app itself, and local and session storage. Reload the page afterwards.
 */
export async function deleteEverything(waitMs = 5_000): Promise<void> {
	db.close();
	// First, so a wipe cut short is never taken for an eviction at the next start.
	forgetPresence();
	const listed = (await indexedDB.databases?.()) ?? [];
	const names = new Set([DB_NAME, ...listed.flatMap((d) => (d.name ? [d.name] : []))]);
	for (const name of names) await deleteDatabase(name, waitMs);

	const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
	if (root) {
		for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) {
			await root.removeEntry(name, { recursive: true });
		}
	}
	if ('caches' in globalThis) {
		for (const key of await caches.keys()) {
			if (!key.startsWith(APP_CACHE_PREFIX)) await caches.delete(key);
		}
	}
	localStorage.clear();
	sessionStorage.clear();
}
