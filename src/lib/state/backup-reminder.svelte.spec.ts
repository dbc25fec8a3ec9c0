import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { BackupReminder } from './backup-reminder.svelte';

beforeAll(stateTestSetup);

const now = () => new Date('2026-12-02T12:00:00.000Z');

describe('the backup reminder', () => {
	it('is not shown while nothing is stored', async () => {
		const reminder = new BackupReminder(now);
		await until(() => reminder.ready, Boolean);
		expect(reminder.due).toBeUndefined();
	});

	it('suggests a backup of weeks-old work, and "Later" hides it for a while', async () => {
		await db.goals.add(makeGoal({ createdAt: '2026-10-01T10:00:00.000Z' }));
		const reminder = new BackupReminder(now);
		expect(await until(() => reminder.due)).toMatchObject({ lastExportAt: null, changes: 1 });
		await reminder.later();
		expect(reminder.due).toBeUndefined();
		// The next visit, a day later, still respects "Later".
		const nextVisit = new BackupReminder(() => new Date('2026-12-03T12:00:00.000Z'));
		await until(() => nextVisit.ready, Boolean);
		expect(nextVisit.due).toBeUndefined();
	});
});
