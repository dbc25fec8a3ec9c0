import { nowStamp, toIsoDate } from '$lib/domain/dates';
import { competencyKey, type Framework } from '$lib/domain/competency/framework';
import type { FrameworkDraft } from '$lib/domain/competency/import';
import type { Assessment, CompetencyLink } from '$lib/domain/competency/progress';
import { mergeOntoStored, type EditBase } from './edits';
import { db } from './koers-db';

/** Every framework, by title. */
export async function listFrameworks(): Promise<Framework[]> {
	return (await db.frameworks.toArray()).sort((a, b) => a.title.localeCompare(b.title));
}

export function getFramework(id: string): Promise<Framework | undefined> {
	return db.frameworks.get(id);
}

/** Stores a framework (imported, an example or the learner's own); returns its id. */
export async function createFramework(draft: FrameworkDraft): Promise<string> {
	const stamp = nowStamp();
	const id = crypto.randomUUID();
	await db.frameworks.add({ ...draft, id, createdAt: stamp, updatedAt: stamp });
	return id;
}

/**
 * Saves an edited framework (merged with changes made elsewhere since `edit.base`); links and
 * ratings of removed competencies go with them.
 */
export async function updateFramework(
	edited: Framework,
	edit?: EditBase<Framework>
): Promise<void> {
	await db.transaction('rw', [db.frameworks, db.competencyLinks, db.assessments], async () => {
		const stored = await db.frameworks.get(edited.id);
		if (!stored) throw new Error(`No framework ${edited.id}`);
		const framework = mergeOntoStored(stored, edited, edit);
		const keep = new Set(framework.competencies.map((c) => competencyKey(framework.id, c.id)));
		const gone = (r: { competency: string }) => !keep.has(r.competency);
		await db.competencyLinks.where('frameworkId').equals(framework.id).filter(gone).delete();
		await db.assessments.where('frameworkId').equals(framework.id).filter(gone).delete();
		await db.frameworks.put({ ...framework, updatedAt: nowStamp() });
	});
}

/**
 * Puts a newer file of a framework (the same CASE document again) in place of the stored one:
 * links and ratings stay with every competency still in it; those of removed ones go.
 */
export async function replaceFramework(id: string, draft: FrameworkDraft): Promise<void> {
	const stored = await db.frameworks.get(id);
	if (!stored) throw new Error(`No framework ${id}`);
	const { title, description, levels, competencies, sourceId } = draft;
	await updateFramework({ ...stored, title, description, levels, competencies, sourceId });
}

/** Deletes a framework with everything linked to it and every rating on it. */
export async function deleteFramework(id: string): Promise<void> {
	await db.transaction('rw', [db.frameworks, db.competencyLinks, db.assessments], async () => {
		await db.competencyLinks.where('frameworkId').equals(id).delete();
		await db.assessments.where('frameworkId').equals(id).delete();
		await db.frameworks.delete(id);
	});
}

/** The competencies a goal or piece of evidence is linked to. */
export function linksOf(recordId: string): Promise<CompetencyLink[]> {
	return db.competencyLinks.where('recordId').equals(recordId).toArray();
}

/** Every link into one framework. */
export function frameworkLinks(frameworkId: string): Promise<CompetencyLink[]> {
	return db.competencyLinks.where('frameworkId').equals(frameworkId).toArray();
}

/** Every link, for the dashboard and the share. */
export function allLinks(): Promise<CompetencyLink[]> {
	return db.competencyLinks.toArray();
}

/** Links a record to exactly these competencies (framework|competency keys). */
export async function setLinks(
	recordKind: CompetencyLink['recordKind'],
	recordId: string,
	keys: readonly string[]
): Promise<void> {
	const wanted = new Set(keys);
	await db.transaction('rw', db.competencyLinks, async () => {
		const current = await db.competencyLinks.where('recordId').equals(recordId).toArray();
		const have = new Set(current.map((l) => l.competency));
		await db.competencyLinks.bulkDelete(
			current.filter((l) => !wanted.has(l.competency)).map((l) => l.id)
		);
		const stamp = nowStamp();
		await db.competencyLinks.bulkAdd(
			[...wanted]
				.filter((key) => !have.has(key))
				.map((key) => {
					const [frameworkId, competencyId] = key.split('|') as [string, string];
					return {
						id: `${recordId}|${key}`,
						frameworkId,
						competencyId,
						competency: key,
						recordKind,
						recordId,
						createdAt: stamp
					};
				})
		);
	});
}

/** Every rating on one framework, oldest first. */
export async function frameworkAssessments(frameworkId: string): Promise<Assessment[]> {
	return (await db.assessments.where('frameworkId').equals(frameworkId).toArray()).sort((a, b) =>
		a.date.localeCompare(b.date)
	);
}

/** Every rating, for the dashboard. */
export function allAssessments(): Promise<Assessment[]> {
	return db.assessments.toArray();
}

/** Records a self-assessment, or the entry check that marks a competency as mastered. */
export async function addAssessment(
	fields: Pick<Assessment, 'frameworkId' | 'competencyId' | 'kind' | 'levelId' | 'note'> & {
		date?: string;
	}
): Promise<void> {
	const stamp = nowStamp();
	await db.assessments.add({
		...fields,
		id: crypto.randomUUID(),
		competency: competencyKey(fields.frameworkId, fields.competencyId),
		date: fields.date ?? toIsoDate(),
		createdAt: stamp,
		updatedAt: stamp
	});
}

export async function deleteAssessment(id: string): Promise<void> {
	await db.assessments.delete(id);
}
