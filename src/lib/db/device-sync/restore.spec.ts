import { beforeEach, describe, expect, it } from 'vitest';
import { applyMerge, existingRecords } from '../backup';
import { db } from '../koers-db';
import Dexie from 'dexie';
import { KoersDb } from '../koers-db';
import { deviceSyncOf } from './engine';
import { applyOps, listConflicts, localVector, opsSince, thisDevice } from './index';
import { emptyTables } from '$lib/domain/backup/manifest';
import { planMerge } from '$lib/domain/backup/merge';
import { makeGoal } from '$lib/testing/factories';

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('a backup restore on a device', () => {
	it('is logged as this device’s own ops, so the other devices receive it', async () => {
		const device = await thisDevice();
		const before = (await localVector())[device] ?? 0;
		const tables = emptyTables();
		const goal = makeGoal({ title: 'From the backup' });
		tables.goals.push(goal);
		await applyMerge(planMerge(await existingRecords(), tables), []);

		const { ops } = await opsSince({ [device]: before });
		expect(ops.length).toBe(Object.keys(goal).length - 1);
		expect(ops.every((op) => op.device === device && op.key === goal.id)).toBe(true);
		expect(ops.find((op) => op.field === 'title')?.value).toBe('From the backup');
		expect(await listConflicts()).toEqual([]);
	});

	it('an attachment deleted on another device releases its file here', async () => {
		const sha256 = 'b'.repeat(64);
		const createdAt = '2026-01-01T00:00:00.000Z';
		await db.files.put({ sha256, size: 3, type: 'text/plain', chunks: [], createdAt });
		await db.attachments.put({
			id: 'att-9',
			ownerKind: 'evidence',
			ownerId: 'ev-9',
			name: 'notes.txt',
			type: 'text/plain',
			size: 3,
			sha256,
			createdAt
		});
		const other = new KoersDb('restore-spec-other');
		const there = deviceSyncOf(other);
		await there.applyOps((await opsSince(await there.localVector(), 10_000_000)).ops);
		expect(await other.attachments.get('att-9')).toMatchObject({ sha256 });
		await other.attachments.delete('att-9');

		// Positive control first: the file is here while an attachment uses it.
		expect(await db.files.get(sha256)).toBeDefined();
		const result = await applyOps((await there.opsSince(await localVector())).ops);
		expect(result.freedFiles).toEqual([sha256]);
		expect(await db.attachments.get('att-9')).toBeUndefined();
		expect(await db.files.get(sha256)).toBeUndefined();
		other.close();
		await Dexie.delete(other.name);
	});
});
