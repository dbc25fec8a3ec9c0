import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { RegisterFormSchema, registerToForm, type RegisterFields } from '$lib/domain/pe/register';
import { makeActivity, makeRegister } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { Form } from './form.svelte';
import {
	createRegister,
	cycleIndexParam,
	deleteRegister,
	editRegister,
	PeOverview,
	RegisterView,
	saveOutputYear,
	saveRegister
} from './pe-registers.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

/** A register's fields as the form hands them over. */
function fields(overrides: Partial<RegisterFields> = {}): RegisterFields {
	const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = makeRegister(overrides);
	return rest;
}

describe('register actions and views', () => {
	it('adds a register and says so; the overview lists it', async () => {
		const id = await createRegister(fields({ name: 'BIG-register' }));
		expect(toasts.list.at(-1)?.text).toBe('Saved');
		const overview = new PeOverview();
		const list = await until(
			() => overview.registers.current,
			(r) => !!r?.some((x) => x.id === id)
		);
		expect(list?.find((r) => r.id === id)?.name).toBe('BIG-register');
	});

	it('shows progress in the cycle asked for by the URL, and the current one without', async () => {
		const register = makeRegister({ cycleStart: '2015-01-01', cycleYears: 5 });
		await db.registers.add(register);
		await db.peActivities.add(makeActivity(register.id, 30, '2016-03-01'));
		let cycle: number | undefined = 0;
		const view = new RegisterView(register.id, () => cycle);
		const first = await until(() => view.progress, Boolean);
		expect(first?.cycle.start).toBe('2015-01-01');
		expect(first?.counted).toBe(30);
		expect(view.cycles.length).toBeGreaterThan(2);

		cycle = undefined;
		const current = new RegisterView(register.id, () => cycle);
		const now = await until(() => current.progress, Boolean);
		expect(now?.cycle.index).toBe(view.cycles.length - 1);
		expect(now?.counted).toBe(0);
	});

	it('reads a cycle from the URL only when it is a small whole number', () => {
		expect(cycleIndexParam('2')).toBe(2);
		expect(cycleIndexParam(null)).toBeUndefined();
		expect(cycleIndexParam('-1')).toBeUndefined();
		expect(cycleIndexParam('1e3')).toBeUndefined();
		expect(cycleIndexParam('1234')).toBeUndefined();
	});

	it('saves edited rules and an output year, saying so', async () => {
		const id = await createRegister(fields({ name: 'Old name', model: 'output' }));
		const session = editRegister(id);
		await until(() => session.current);
		expect(await saveRegister(session, fields({ name: 'New name', model: 'output' }))).toBe(true);
		const view = new RegisterView(id);
		await until(
			() => view.register.current?.name,
			(name) => name === 'New name'
		);

		await saveOutputYear(id, { year: 2026, plan: 'Leren', goalIds: [], statement: '' });
		expect(toasts.list.at(-1)?.text).toBe('Saved');
		const years = await until(
			() => view.register.current?.outputYears,
			(y) => y?.length === 1
		);
		expect(years?.[0]?.plan).toBe('Leren');
	});

	it('a failed output-year save becomes an error toast, not a rejection', async () => {
		await saveOutputYear('no-such-register', { year: 2026, plan: '', goalIds: [], statement: '' });
		expect(toasts.list.at(-1)?.tone).toBe('error');
	});

	it('deletes a register: the activity stays without its credit there', async () => {
		const id = await createRegister(fields());
		const activity = makeActivity(id, 4, '2026-02-01');
		await db.peActivities.add(activity);
		expect(await deleteRegister(id)).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Register deleted');
		expect((await db.peActivities.get(activity.id))?.credits).toEqual([]);
		const view = new RegisterView(id);
		expect(
			await until(
				() => view.register.current,
				(r) => r === null
			)
		).toBeNull();
	});
});

describe('the register form', () => {
	it('marks the category cell whose minimum is above the total, and saves nothing', async () => {
		// Focus needs a document; the cell itself is not rendered here.
		globalThis.document ??= {
			getElementById: () => null,
			querySelector: () => null
		} as unknown as Document;
		const initial = registerToForm(
			fields({
				required: 60,
				categories: [{ id: 'a', name: 'Accredited', min: 80, max: null, minShare: null }]
			}),
			'en'
		);
		let saved = false;
		let form!: Form<typeof initial, v.InferOutput<typeof RegisterFormSchema>>;
		const stop = $effect.root(() => {
			form = new Form({
				draftKey: 'register:test',
				idPrefix: 'register',
				initial,
				schema: RegisterFormSchema,
				save: async () => void (saved = true)
			});
		});
		await form.submit();
		expect(saved).toBe(false);
		expect(form.errorAt('categories.0.min')).toBe(
			"This category's minimum is more than the total required per cycle."
		);
		expect(form.errorAt('categories.0.max')).toBeUndefined();
		expect(form.failure).toBe('Some fields need attention before this can be saved.');

		form.value.categories[0]!.min = '40';
		await form.submit();
		expect(saved).toBe(true);
		expect(form.errorAt('categories.0.min')).toBeUndefined();
		stop();
	});
});
