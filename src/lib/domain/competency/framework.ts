import * as v from 'valibot';

/**
 * A competency framework: competencies in a tree (each may have a parent) and the levels of a
 * rubric every competency is rated on. Frameworks come from an import (1EdTech CASE, Mahara
 * SmartEvidence, CSV), from the examples Koers ships, or are the learner's own.
 */
export interface Level {
	id: string;
	name: string;
	description: string;
}

export interface Competency {
	id: string;
	code: string;
	title: string;
	description: string;
	parentId: string | null;
}

export const FRAMEWORK_SOURCES = ['example', 'case', 'mahara', 'csv', 'own'] as const;
export type FrameworkSource = (typeof FRAMEWORK_SOURCES)[number];

export interface Framework {
	id: string;
	title: string;
	description: string;
	source: FrameworkSource;
	/** The id the framework has where it came from (a CASE CFDocument identifier, an example id). */
	sourceId: string | null;
	levels: Level[];
	competencies: Competency[];
	createdAt: string;
	updatedAt: string;
}

export const MAX_COMPETENCIES = 2_000;
export const MAX_LEVELS = 10;

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const LevelSchema = v.object({
	id,
	name: v.pipe(text(100), v.minLength(1)),
	description: text(2_000)
});

export const CompetencySchema = v.object({
	id,
	code: text(50),
	title: v.pipe(text(500), v.minLength(1)),
	description: text(5_000),
	parentId: v.nullable(id)
});

/** A framework as read from outside: every field checked, and the tree sound. */
export const FrameworkSchema = v.pipe(
	v.object({
		id,
		title: v.pipe(text(200), v.minLength(1)),
		description: text(5_000),
		source: v.picklist(FRAMEWORK_SOURCES),
		sourceId: v.nullable(text(500)),
		levels: v.pipe(
			v.array(LevelSchema),
			v.minLength(1),
			v.maxLength(MAX_LEVELS),
			v.check((levels) => levelProblem(levels) === null, 'duplicate level id')
		),
		competencies: v.pipe(v.array(CompetencySchema), v.maxLength(MAX_COMPETENCIES)),
		createdAt: text(40),
		updatedAt: text(40)
	}),
	v.check((f) => treeProblem(f.competencies) === null, 'tree')
) satisfies v.GenericSchema<Framework>;

/** A level id listed twice (no keyed list could show it), or null. */
export function levelProblem(levels: readonly Level[]): string | null {
	const seen = new Set<string>();
	for (const level of levels) {
		if (seen.has(level.id)) return `duplicate:${level.id}`;
		seen.add(level.id);
	}
	return null;
}

/** What is wrong with a competency tree (duplicate ids, unknown parents, cycles), or null. */
export function treeProblem(competencies: readonly Competency[]): string | null {
	const byId = new Map<string, Competency>();
	for (const c of competencies) {
		if (byId.has(c.id)) return `duplicate:${c.id}`;
		byId.set(c.id, c);
	}
	for (const c of competencies) {
		if (c.parentId !== null && !byId.has(c.parentId)) return `parent:${c.id}`;
		const seen = new Set<string>();
		for (let at: Competency | undefined = c; at?.parentId; at = byId.get(at.parentId)) {
			if (seen.has(at.id)) return `cycle:${c.id}`;
			seen.add(at.id);
		}
	}
	return null;
}

/** Levels for a framework that brings none: a four-step rubric. */
export function defaultLevels(locale: 'en' | 'nl'): Level[] {
	const names =
		locale === 'nl'
			? [
					['Beginnend', 'Ik ken het en heb het een enkele keer onder begeleiding gedaan.'],
					['In ontwikkeling', 'Ik doe het met hulp, nog niet in elke situatie.'],
					['Bekwaam', 'Ik doe het zelfstandig, ook in nieuwe situaties.'],
					['Expert', 'Ik doe het vanzelf en leer het anderen.']
				]
			: [
					['Beginning', 'I know it and did it once or twice with guidance.'],
					['Developing', 'I do it with help, not yet in every situation.'],
					['Proficient', 'I do it on my own, also in new situations.'],
					['Expert', 'It comes naturally and I teach it to others.']
				];
	return names.map(([name, description], i) => ({
		id: `l${i + 1}`,
		name: name!,
		description: description!
	}));
}

/**
 * Mahara's own evidence statuses, in its order (begun, incomplete, partially complete,
 * completed): the levels of a SmartEvidence matrix that names none or only some of them.
 */
export function maharaStatusLevels(locale: 'en' | 'nl'): Level[] {
	const names =
		locale === 'nl'
			? [
					'Klaar voor beoordeling',
					'Voldoet niet aan de standaard',
					'Voldoet gedeeltelijk aan de standaard',
					'Voldoet aan de standaard'
				]
			: [
					'Ready for assessment',
					"Doesn't meet the standard",
					'Partially meets the standard',
					'Meets the standard'
				];
	return names.map((name, i) => ({ id: `l${i + 1}`, name, description: '' }));
}

/**
 * How a competency is named in a list: its code and title, or the title alone when the title
 * already is or starts with the code ("Leadership Leadership", "1.1 1.1 - Sub level").
 */
export function competencyLabel(competency: Pick<Competency, 'code' | 'title'>): string {
	const code = competency.code.trim();
	const title = competency.title;
	if (!code || title.toLowerCase() === code.toLowerCase()) return title;
	const rest = title.slice(code.length);
	if (title.startsWith(code) && /^(\s|[-–—:)]|\.\s)/.test(rest)) return title;
	return `${code} ${title}`;
}

/** Competencies in tree order (parents before children, siblings in their given order), with depth. */
export function inTreeOrder(
	competencies: readonly Competency[]
): { competency: Competency; depth: number }[] {
	const children = new Map<string | null, Competency[]>();
	for (const c of competencies) {
		const list = children.get(c.parentId) ?? [];
		list.push(c);
		children.set(c.parentId, list);
	}
	const out: { competency: Competency; depth: number }[] = [];
	const walk = (parent: string | null, depth: number) => {
		for (const c of children.get(parent) ?? []) {
			out.push({ competency: c, depth });
			walk(c.id, depth + 1);
		}
	};
	walk(null, 0);
	return out;
}

/** The key a competency is linked and assessed by: unique across frameworks. */
export function competencyKey(frameworkId: string, competencyId: string): string {
	return `${frameworkId}|${competencyId}`;
}
