import { beforeEach, describe, expect, it } from 'vitest';
import { attachmentsOf } from './attachments';
import { db } from './koers-db';
import {
	createPeActivity,
	deletePeActivity,
	importPeActivities,
	listPeActivities,
	updatePeActivity
} from './pe-activities';
import { createRegister, deleteRegister, listRegisters, saveOutputYear } from './registers';
import { registerTemplate } from '$lib/domain/pe/templates';
import { makeActivity } from '$lib/testing/factories';

const fields = (registerId: string, points: number, date: string) => {
	const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = makeActivity(registerId, points, date);
	return rest;
};

beforeEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('registers and activities', () => {
	it('creates a register from a template and keeps activities with certificates', async () => {
		const vv = await createRegister(registerTemplate('vv')!.fields('2026-05-01'));
		expect(vv).toMatchObject({ name: 'Kwaliteitsregister V&V', required: 184, templateId: 'vv' });
		const certificate = new File(['%PDF certificate'], 'certificate.pdf', {
			type: 'application/pdf'
		});
		const activity = await createPeActivity(fields(vv.id, 8, '2026-04-01'), {
			files: [certificate]
		});
		expect((await attachmentsOf(activity.id)).map((a) => [a.ownerKind, a.name])).toEqual([
			['peActivity', 'certificate.pdf']
		]);
		await updatePeActivity(activity.id, { ...fields(vv.id, 9, '2026-04-02'), title: 'Renamed' });
		expect((await listPeActivities())[0]).toMatchObject({
			title: 'Renamed',
			endDate: '2026-04-02'
		});
		await deletePeActivity(activity.id);
		expect(await db.attachments.count()).toBe(0);
		expect(await db.files.count()).toBe(0);
	});

	it('imports many activities at once', async () => {
		const vv = await createRegister(registerTemplate('vv')!.fields('2026-05-01'));
		const count = await importPeActivities([
			fields(vv.id, 1, '2026-01-01'),
			fields(vv.id, 2, '2026-01-02')
		]);
		expect(count).toBe(2);
		expect((await listPeActivities()).map((a) => a.endDate)).toEqual(['2026-01-02', '2026-01-01']);
	});

	it('deleting a register removes only its credits; the activities stay', async () => {
		const vv = await createRegister(registerTemplate('vv')!.fields('2026-05-01'));
		const nova = await createRegister(registerTemplate('nova')!.fields('2026-05-01'));
		const activity = makeActivity(vv.id, 3, '2026-02-01', 'accredited', {
			credits: [
				{ registerId: vv.id, categoryId: 'accredited', points: 3 },
				{ registerId: nova.id, categoryId: 'ownField', points: 2 }
			]
		});
		const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = activity;
		await createPeActivity(rest);
		await deleteRegister(nova.id);
		expect((await listRegisters()).map((r) => r.id)).toEqual([vv.id]);
		expect((await listPeActivities())[0]!.credits).toEqual([
			{ registerId: vv.id, categoryId: 'accredited', points: 3 }
		]);
	});

	it('keeps one plan and statement per year for an output-based register', async () => {
		const nba = await createRegister(registerTemplate('nba')!.fields('2026-05-01'));
		await saveOutputYear(nba.id, { year: 2026, plan: 'A', goalIds: [], statement: '' });
		await saveOutputYear(nba.id, { year: 2026, plan: 'B', goalIds: ['g'], statement: 'Signed' });
		await saveOutputYear(nba.id, { year: 2025, plan: 'Old', goalIds: [], statement: '' });
		const [stored] = await listRegisters();
		expect(stored!.outputYears.map((y) => [y.year, y.plan])).toEqual([
			[2025, 'Old'],
			[2026, 'B']
		]);
	});
});
