import { beforeEach, describe, expect, it } from 'vitest';
import { lastExportAt, markExported, markRestoredFrom } from './backup-reminder';
import { db } from './koers-db';

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('the last backup after a restore', () => {
	const now = new Date('2026-12-02T12:00:00.000Z');

	it('is the restored backup on a device that never made one', async () => {
		expect(await lastExportAt()).toBeNull();
		await markRestoredFrom('2026-11-30T09:00:00.000Z', now);
		expect(await lastExportAt()).toBe('2026-11-30T09:00:00.000Z');
	});

	it('stays the later one made here', async () => {
		await markExported('2026-12-01T09:00:00.000Z');
		await markRestoredFrom('2026-11-30T09:00:00.000Z', now);
		expect(await lastExportAt()).toBe('2026-12-01T09:00:00.000Z');
	});

	it('ignores a backup date that is no date or lies in the future', async () => {
		await markRestoredFrom('yesterday', now);
		await markRestoredFrom('2099-01-01T00:00:00.000Z', now);
		expect(await lastExportAt()).toBeNull();
	});
});
