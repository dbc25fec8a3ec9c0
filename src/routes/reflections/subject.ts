import { resolve } from '$app/paths';
import { getEvidence } from '$lib/db/evidence';
import { getGoal } from '$lib/db/goals';
import type { ReflectionSubject } from '$lib/domain/reflection';

/** The title of what a reflection is about; null when it does not exist. */
export async function subjectTitle(subject: ReflectionSubject | null): Promise<string | null> {
	if (!subject) return null;
	const record =
		subject.kind === 'goal' ? await getGoal(subject.id) : await getEvidence(subject.id);
	return record?.title ?? null;
}

/** The page of what a reflection is about. */
export function subjectHref(subject: ReflectionSubject): string {
	return subject.kind === 'goal'
		? resolve('/goals/[id]', { id: subject.id })
		: resolve('/evidence/[id]', { id: subject.id });
}
