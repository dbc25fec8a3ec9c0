import { getEvidence } from '$lib/db/evidence';
import { getGoal } from '$lib/db/goals';
import * as reflections from '$lib/db/reflections';
import type { Reflection, ReflectionFields, ReflectionSubject } from '$lib/domain/reflection';
import { actAndSay } from './action';
import { EditSession } from './edit-session.svelte';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** The title of what a reflection is about; null when it does not exist. */
export async function subjectTitle(subject: ReflectionSubject | null): Promise<string | null> {
	if (!subject) return null;
	const record =
		subject.kind === 'goal' ? await getGoal(subject.id) : await getEvidence(subject.id);
	return record?.title ?? null;
}

/** The title of a reflection's subject, kept current: null when there is no such subject. */
export function watchSubjectTitle(subject: ReflectionSubject | null): LiveQuery<string | null> {
	return new LiveQuery(() => subjectTitle(subject));
}

/** A reflection being edited: the stored reflection and the merge base of the form. */
export function editReflection(id: string): EditSession<Reflection> {
	return new EditSession(() => reflections.getReflection(id));
}

/** Stores a new reflection and says so; returns its id. */
export async function createReflection(fields: ReflectionFields): Promise<string> {
	const reflection = await reflections.createReflection(fields);
	toasts.show(t('reflection.saved'));
	return reflection.id;
}

/**
 * Saves an edited reflection, merged with changes made elsewhere, and says so. False when the
 * learner went back to the form from the conflict question (nothing was saved).
 */
export async function saveReflection(
	session: EditSession<Reflection>,
	fields: ReflectionFields
): Promise<boolean> {
	return session.saveAndSay((id, edit) => reflections.updateReflection(id, fields, edit));
}

/** Deletes a reflection; true when it is gone. */
export function deleteReflection(id: string): Promise<boolean> {
	return actAndSay(() => reflections.deleteReflection(id), 'reflection.deletedToast');
}
