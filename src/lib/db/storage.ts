import { getMeta, setMeta } from './meta';

/** How much the browser lets Koers keep, and whether it promised not to evict it. */
export interface StorageReport {
	usage: number | null;
	quota: number | null;
	persisted: boolean | null;
}

/** Reads the browser's storage estimate and persistence state. */
export async function storageReport(): Promise<StorageReport> {
	const storage = navigator.storage as StorageManager | undefined;
	const estimate = storage?.estimate ? await storage.estimate() : {};
	const persisted = storage?.persisted ? await storage.persisted() : null;
	return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted };
}

/**
 * Asks once, after the learner's first real save, that the browser keep Koers's data even when
 * space runs low. Returns the answer, or null when it was asked before or cannot be asked.
 */
export async function requestPersistenceOnce(): Promise<boolean | null> {
	if (!navigator.storage?.persist || (await getMeta<boolean>('persistenceAsked'))) return null;
	await setMeta('persistenceAsked', true);
	return navigator.storage.persist();
}
