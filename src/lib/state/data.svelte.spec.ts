import { beforeAll, describe, expect, it, vi } from 'vitest';
import { markExported } from '$lib/db/backup-reminder';
import { db } from '$lib/db/koers-db';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { DataView, deleteConfirmed, deleteEverything, PrintView } from './data.svelte';

beforeAll(stateTestSetup);
beforeAll(() => vi.stubGlobal('localStorage', globalThis.sessionStorage));

describe('the data page', () => {
	it('shows when the last backup was made, as soon as it is', async () => {
		const view = new DataView();
		expect(await until(() => view.lastExport.current)).toBeNull();
		await markExported('2026-11-30T09:00:00.000Z');
		expect(await until(() => view.lastExport.current, Boolean)).toBe('2026-11-30T09:00:00.000Z');
	});

	it('deletes only after the confirmation word, in any case', () => {
		expect(deleteConfirmed(' delete ')).toBe(true);
		expect(deleteConfirmed('DELET')).toBe(false);
	});
});

describe('printing', () => {
	it('prints every goal that is not archived until the learner chooses', async () => {
		const kept = makeGoal({ title: 'Presenteren' });
		const archived = makeGoal({ title: 'Oud', archivedAt: '2026-02-01T00:00:00.000Z' });
		await db.goals.bulkAdd([kept, archived]);
		const view = new PrintView();
		const printed = await until(
			() => view.printed,
			(list) => list.length > 0
		);
		expect(printed.map((item) => item.goal.title)).toEqual(['Presenteren']);
		view.goalIds = [archived.id];
		expect(view.printed.map((item) => item.goal.title)).toEqual(['Oud']);
		view.goalIds = [];
		expect(view.printed).toEqual([]);
	});
});

describe('deleting everything', () => {
	it('removes the portfolio from this browser', async () => {
		vi.stubGlobal('navigator', {});
		await db.goals.add(makeGoal());
		expect(await deleteEverything()).toBeUndefined();
		const names = (await indexedDB.databases()).map((d) => d.name);
		expect(names).not.toContain('koers');
	});
});
