import { resolve } from '$app/paths';
import type { ReflectionSubject } from '$lib/domain/reflection';

/** The page of what a reflection is about. */
export function subjectHref(subject: ReflectionSubject): string {
	return subject.kind === 'goal'
		? resolve('/goals/[id]', { id: subject.id })
		: resolve('/evidence/[id]', { id: subject.id });
}
