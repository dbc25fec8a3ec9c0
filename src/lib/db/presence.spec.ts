import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeGoal } from '$lib/testing/factories';
import { markExported } from './backup-reminder';
import { db } from './koers-db';
import {
	RECORD_TABLES,
	countRecords,
	findEviction,
	forgetPresence,
	notePresence,
	readPresence
} from './presence';

/** localStorage as the browser keeps it, for node. */
function memoryStorage(): Storage {
	const items = new Map<string, string>();
	return {
		get length() {
			return items.size;
		},
		key: (i) => [...items.keys()][i] ?? null,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, String(value)),
		removeItem: (key) => void items.delete(key),
		clear: () => items.clear()
	};
}

describe('the presence marker outside the database', () => {
	beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));
	afterEach(async () => {
		vi.unstubAllGlobals();
		await Promise.all(RECORD_TABLES.map((name) => db[name].clear()));
		await db.meta.clear();
	});

	it('holds counts and dates only, never what the learner wrote', async () => {
		const goal = makeGoal({ title: 'A private goal', description: 'Secret plans' });
		await db.goals.add(goal);
		await markExported('2026-05-01T08:00:00.000Z');
		const stored = localStorage.getItem('koers.presence') ?? '';
		expect(Object.keys(JSON.parse(stored) as object).sort()).toEqual([
			'countedAt',
			'lastExportAt',
			'records'
		]);
		expect(readPresence()).toMatchObject({ records: 1, lastExportAt: '2026-05-01T08:00:00.000Z' });
		expect(stored).not.toContain(goal.title);
		expect(stored).not.toContain(goal.id);
	});

	it('finds an eviction when records were there and the database is empty', async () => {
		await db.goals.add(makeGoal());
		notePresence(await countRecords(), '2026-05-01T08:00:00.000Z');
		expect(await findEviction()).toBeNull();

		await db.goals.clear();
		expect(await findEviction()).toMatchObject({
			records: 1,
			lastExportAt: '2026-05-01T08:00:00.000Z'
		});
	});

	it('finds none for a new browser, an emptied portfolio, a wipe or an unreadable marker', async () => {
		notePresence(3);
		expect(await findEviction()).not.toBeNull();

		forgetPresence();
		expect(await findEviction()).toBeNull();

		notePresence(2);
		notePresence(0);
		expect(readPresence()).toBeNull();
		expect(await findEviction()).toBeNull();

		localStorage.setItem('koers.presence', '{"records":"many"');
		expect(readPresence()).toBeNull();
		expect(await findEviction()).toBeNull();
	});

	it('keeps the last backup date when a later count knows none', () => {
		notePresence(2, '2026-05-01T08:00:00.000Z');
		expect(notePresence(1, null)?.lastExportAt).toBe('2026-05-01T08:00:00.000Z');
	});
});
