import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import type { ReflectionFields } from '$lib/domain/reflection';
import { makeEvidence, makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { conflictPrompt } from './edit-session.svelte';
import {
	createReflection,
	deleteReflection,
	editReflection,
	saveReflection,
	watchSubjectTitle
} from './reflections.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

const goal = makeGoal({ title: 'Feedback geven' });
const fields = (text: string): ReflectionFields => ({
	subjectKind: 'goal',
	subjectId: goal.id,
	date: '2026-11-30',
	template: 'free',
	steps: { text }
});

describe('reflection actions', () => {
	beforeAll(async () => {
		await db.goals.add(goal);
	});

	it('names what a reflection is about, and says when that does not exist', async () => {
		const evidence = makeEvidence({ title: 'Mijn vlog' });
		await db.evidence.add(evidence);
		const onGoal = watchSubjectTitle({ kind: 'goal', id: goal.id });
		const onEvidence = watchSubjectTitle({ kind: 'evidence', id: evidence.id });
		const missing = watchSubjectTitle({ kind: 'goal', id: 'gone' });
		const none = watchSubjectTitle(null);
		expect(await until(() => onGoal.current)).toBe('Feedback geven');
		expect(await until(() => onEvidence.current)).toBe('Mijn vlog');
		expect(await until(() => missing.current)).toBeNull();
		expect(await until(() => none.current)).toBeNull();
	});

	it('creates a reflection and says so; editing it saves and says so', async () => {
		const id = await createReflection(fields('Eerst vragen.'));
		expect(toasts.list.at(-1)?.text).toBe('Reflection saved');
		const session = editReflection(id);
		await until(() => session.current);
		expect(await saveReflection(session, fields('Eerst vragen, dan zeggen.'))).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Saved');
		const after = await until(
			() => session.current,
			(r) => r?.steps.text === 'Eerst vragen, dan zeggen.'
		);
		expect(after?.template).toBe('free');
	});

	it('an edit that clashes with one made elsewhere asks; going back saves nothing', async () => {
		const id = await createReflection(fields('Mine'));
		const session = editReflection(id);
		await until(() => session.current);
		await db.reflections.update(id, { steps: { text: 'Theirs' }, updatedAt: 'later' });
		const saving = saveReflection(session, fields('Mine, edited'));
		const question = await until(() => conflictPrompt.pending, Boolean);
		question?.answer(null);
		expect(await saving).toBe(false);
		expect((await db.reflections.get(id))?.steps.text).toBe('Theirs');
	});

	it('deletes a reflection and says so', async () => {
		const id = await createReflection(fields('Weg'));
		expect(await deleteReflection(id)).toBe(true);
		expect(toasts.list.at(-1)?.text).toBe('Reflection deleted');
		expect(await db.reflections.get(id)).toBeUndefined();
	});
});
