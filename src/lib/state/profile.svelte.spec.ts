import * as v from 'valibot';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { conflictPrompt } from './edit-session.svelte';
import {
	learnerProfile,
	ProfileEdit,
	ProfileFormSchema,
	profileToForm,
	type ProfileFields
} from './profile.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);
beforeEach(() => db.profile.clear());

/** A profile form opened now (as a tab would), once its profile has loaded. */
async function openForm(): Promise<{ edit: ProfileEdit; fields: ProfileFields }> {
	const edit = new ProfileEdit();
	const profile = await until(() => edit.current);
	return { edit, fields: v.parse(ProfileFormSchema, profileToForm(profile!)) };
}

describe('the learner profile', () => {
	it('starts empty, saves, says so, and the live profile shows it', async () => {
		const { edit, fields } = await openForm();
		expect(fields).toMatchObject({ formats: [], pace: null, reflectionRhythm: 'off' });
		expect(await edit.save({ ...fields, formats: ['vlog'], reflectionRhythm: 'weekly' })).toBe(
			true
		);
		expect(toasts.list.at(-1)?.text).toBe('Saved');
		const live = learnerProfile();
		const stored = await until(
			() => live.current,
			(p) => p?.reflectionRhythm === 'weekly'
		);
		expect(stored?.formats).toEqual(['vlog']);
	});

	it('reads "not set" from the form as no choice', () => {
		const parsed = v.parse(ProfileFormSchema, {
			formats: [],
			pace: '',
			companion: 'coach',
			setting: '',
			reflectionRhythm: 'monthly',
			notifications: false
		});
		expect(parsed).toMatchObject({ pace: null, companion: 'coach', setting: null });
	});

	it('two tabs editing different fields both keep their change', async () => {
		const a = await openForm();
		const b = await openForm();
		await a.edit.save({ ...a.fields, pace: 'intensive' });
		await b.edit.save({ ...b.fields, formats: ['photo'] });
		const stored = await db.profile.get('me');
		expect(stored).toMatchObject({ pace: 'intensive', formats: ['photo'] });
	});

	it('a second save from a form left open does not undo what another tab saved meanwhile', async () => {
		const a = await openForm();
		await a.edit.save({ ...a.fields, pace: 'intensive' });
		const b = await openForm();
		await b.edit.save({ ...b.fields, setting: 'inWork' });
		await a.edit.save({ ...a.fields, pace: 'relaxed' });
		expect(await db.profile.get('me')).toMatchObject({ pace: 'relaxed', setting: 'inWork' });
	});

	it('the same field changed in both tabs asks whose version wins', async () => {
		const a = await openForm();
		const b = await openForm();
		await a.edit.save({ ...a.fields, reflectionRhythm: 'weekly' });
		const saving = b.edit.save({ ...b.fields, reflectionRhythm: 'monthly' });
		const asked = await until(
			() => conflictPrompt.pending,
			(pending) => pending !== null
		);
		expect(asked?.fields).toEqual(['reflectionRhythm']);
		asked?.answer('theirs');
		expect(await saving).toBe(true);
		expect((await db.profile.get('me'))?.reflectionRhythm).toBe('weekly');
	});
});
