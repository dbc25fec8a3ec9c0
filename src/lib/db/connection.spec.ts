import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** The part of localStorage the check reads, for node. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
	const items = new Map<string, string>();
	return {
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
		removeItem: (key) => void items.delete(key)
	};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

// Each test starts from fresh modules: "in use" is this tab's state, kept by the module.
describe('whether the database is needed at start', () => {
	beforeEach(async () => {
		vi.resetModules();
		vi.stubGlobal('localStorage', memoryStorage());
		await new Promise((resolve) => {
			const request = indexedDB.deleteDatabase('koers');
			request.onsuccess = request.onerror = resolve;
		});
	});
	afterEach(() => vi.unstubAllGlobals());

	it('says a browser with no database and no marker holds nothing, until a page opens it', async () => {
		const { databaseMayHoldData, whenDatabaseInUse } = await import('./connection');
		expect(await databaseMayHoldData()).toBe(false);
		const calls: string[] = [];
		whenDatabaseInUse(() => calls.push('in use'));
		await settle();
		expect(calls).toEqual([]);
		const { db } = await import('./koers-db');
		await db.open();
		expect(calls).toEqual(['in use']);
		expect(await databaseMayHoldData()).toBe(true);
		db.close();
	});

	it('finds the database another visit left (under the name koers-db.ts opens)', async () => {
		const { db } = await import('./koers-db');
		await db.open();
		db.close();
		vi.resetModules();
		const { databaseMayHoldData, whenDatabaseInUse } = await import('./connection');
		expect(await databaseMayHoldData()).toBe(true);
		const calls: string[] = [];
		whenDatabaseInUse(() => calls.push('in use'));
		await settle();
		expect(calls).toEqual(['in use']);
	});

	it('needs the database when the presence marker says it held records (to notice an eviction)', async () => {
		const { databaseMayHoldData } = await import('./connection');
		localStorage.setItem('koers.presence', '{"records":3}');
		expect(await databaseMayHoldData()).toBe(true);
		localStorage.removeItem('koers.presence');
		expect(await databaseMayHoldData()).toBe(false);
	});

	it('stops waiting when asked', async () => {
		const { whenDatabaseInUse } = await import('./connection');
		const calls: string[] = [];
		whenDatabaseInUse(() => calls.push('kept'));
		const stop = whenDatabaseInUse(() => calls.push('stopped'));
		stop();
		const { db } = await import('./koers-db');
		await db.open();
		expect(calls).toEqual(['kept']);
		db.close();
	});
});
