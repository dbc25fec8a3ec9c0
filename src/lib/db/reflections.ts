import { nowStamp } from '$lib/domain/dates';
import type { Reflection, ReflectionFields } from '$lib/domain/reflection';
import { saveEdit, type EditBase } from './edits';
import { emitDbEvent } from './events';
import { db } from './koers-db';

/** Every reflection. */
export function listReflections(): Promise<Reflection[]> {
	return db.reflections.toArray();
}

/** One reflection. */
export function getReflection(id: string): Promise<Reflection | undefined> {
	return db.reflections.get(id);
}

/** Reflections on one goal or piece of evidence, newest first. */
export async function reflectionsOn(subjectId: string): Promise<Reflection[]> {
	const list = await db.reflections.where('subjectId').equals(subjectId).toArray();
	return list.sort(
		(a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt)
	);
}

/** The most recent reflections, for the home page. */
export function recentReflections(limit: number): Promise<Reflection[]> {
	return db.reflections.orderBy('date').reverse().limit(limit).toArray();
}

/** Stores a new reflection and returns it. */
export async function createReflection(fields: ReflectionFields): Promise<Reflection> {
	const stamp = nowStamp();
	const reflection: Reflection = {
		...fields,
		id: crypto.randomUUID(),
		createdAt: stamp,
		updatedAt: stamp
	};
	await db.reflections.add(reflection);
	emitDbEvent('saved', { kind: 'reflection', id: reflection.id });
	return reflection;
}

/** Saves a reflection's edited fields, merged with what changed elsewhere since `edit.base`. */
export async function updateReflection(
	id: string,
	fields: ReflectionFields,
	edit?: EditBase<Reflection>
): Promise<void> {
	await saveEdit(db.reflections, id, fields, edit);
	emitDbEvent('saved', { kind: 'reflection', id });
}

/** Deletes a reflection. */
export async function deleteReflection(id: string): Promise<void> {
	await db.reflections.delete(id);
	emitDbEvent('deleted', { kind: 'reflection', id });
}
