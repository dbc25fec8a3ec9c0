import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import type { PeActivityFields } from '$lib/domain/pe/activity';
import { makeActivity, makeGoal, makeRegister } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import {
	ActivityChoices,
	ActivityEdit,
	ActivityView,
	createActivity,
	deleteActivity,
	saveActivity
} from './pe-activities.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

/** An activity's fields as the form hands them over. */
function fields(registerId: string, overrides: Partial<PeActivityFields> = {}): PeActivityFields {
	const {
		id: _id,
		createdAt: _c,
		updatedAt: _u,
		...rest
	} = makeActivity(registerId, 12, '2026-03-10', 'accredited', overrides);
	return rest;
}

const file = (name: string, text: string) => new File([text], name, { type: 'application/pdf' });

describe('PE activity actions and views', () => {
	it('logs an activity with a certificate; its page shows credit, certificate and goal', async () => {
		const register = makeRegister({ name: 'V&V' });
		const goal = makeGoal({ title: 'Wondzorg' });
		await db.registers.add(register);
		await db.goals.add(goal);
		const id = await createActivity(
			fields(register.id, { title: 'Wound care', goalIds: [goal.id] }),
			{
				files: [file('wound-care.pdf', '%PDF-1.4')]
			}
		);
		expect(toasts.list.at(-1)?.text).toBe('Saved');

		const view = new ActivityView(id);
		expect((await until(() => view.activity.current))?.title).toBe('Wound care');
		const credits = await until(
			() => view.credits,
			(c) => c.length > 0
		);
		expect(credits.map(({ register, credit }) => [register.name, credit.points])).toEqual([
			['V&V', 12]
		]);
		const attachments = await until(
			() => view.attachments.current,
			(a) => a?.length === 1
		);
		expect(attachments?.[0]?.name).toBe('wound-care.pdf');
		const goals = await until(
			() => view.linkedGoals,
			(g) => g.length > 0
		);
		expect(goals.map((g) => g.title)).toEqual(['Wondzorg']);
	});

	it('offers only goals that are not archived to a new activity', async () => {
		await db.goals.add(makeGoal({ title: 'Oud doel', archivedAt: '2026-01-01T00:00:00.000Z' }));
		const choices = new ActivityChoices();
		const goals = await until(() => choices.activeGoals);
		expect(goals?.some((g) => g.title === 'Oud doel')).toBe(false);
		expect(goals?.length).toBeGreaterThan(0);
	});

	it('saves an edit and removes a certificate, saying so', async () => {
		const register = makeRegister();
		await db.registers.add(register);
		const id = await createActivity(fields(register.id, { title: 'Before' }), {
			files: [file('old.pdf', 'old')]
		});
		const edit = new ActivityEdit(id);
		await until(() => edit.session.current);
		const [old] = (await until(
			() => edit.attachments.current,
			(a) => a?.length === 1
		))!;
		const saved = await saveActivity(edit.session, fields(register.id, { title: 'After' }), {
			removeAttachmentIds: [old!.id]
		});
		expect(saved).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Saved');
		const view = new ActivityView(id);
		await until(
			() => view.activity.current?.title,
			(title) => title === 'After'
		);
		expect(
			await until(
				() => view.attachments.current,
				(a) => a?.length === 0
			)
		).toEqual([]);
	});

	it('deletes an activity: its page reports it missing', async () => {
		const register = makeRegister();
		await db.registers.add(register);
		const id = await createActivity(fields(register.id), {});
		const view = new ActivityView(id);
		await until(() => view.activity.current);
		expect(await deleteActivity(id)).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Activity deleted');
		expect(
			await until(
				() => view.activity.current,
				(a) => a === null
			)
		).toBeNull();
	});
});
