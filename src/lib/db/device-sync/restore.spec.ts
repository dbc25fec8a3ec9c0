import { beforeEach, describe, expect, it } from 'vitest';
import { applyMerge, existingRecords } from '../backup';
import { db } from '../koers-db';
import { listConflicts, localVector, opsSince, thisDevice } from './index';
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
});
