import { db } from './koers-db';

/** Reads a small installation fact. */
export async function getMeta<T>(key: string): Promise<T | undefined> {
	return (await db.meta.get(key))?.value as T | undefined;
}

/** Stores a small installation fact. */
export async function setMeta(key: string, value: unknown): Promise<void> {
	await db.meta.put({ key, value });
}
