import type { Evidence } from '../evidence';
import type { Goal } from '../goal';
import type { Reflection } from '../reflection';
import { toIsoDate, type IsoDate } from '../dates';
import type { PeActivity } from '../pe/activity';
import { within } from '../pe/cycle';
import { registerProgress } from '../pe/progress';
import { categoryName, type Register } from '../pe/register';
import { competencyKey, type Framework } from '../competency/framework';
import { competencyStatus, type Assessment, type CompetencyLink } from '../competency/progress';
import {
	uniqueFiles,
	type SharedEvidence,
	type SharedFramework,
	type SharedGoal,
	type SharedItem,
	type SharedPe,
	type SharedQuestion,
	type SharedReflection
} from './content';

/**
 * The learner's side of a share: its items projected from their records (content.ts holds what
 * both sides read: the items' schemas). Apart, so a coach's page does not carry the rules of PE
 * progress and competency status that only the projection needs.
 */

/** The records a share can be projected from. */
export interface ShareSource {
	goals: readonly Goal[];
	evidence: readonly Evidence[];
	reflections: readonly Reflection[];
	attachments: readonly {
		ownerId: string;
		name: string;
		size: number;
		type: string;
		sha256?: string;
	}[];
	questions: readonly { id: string; itemId: string; text: string; updatedAt: string }[];
	registers?: readonly Register[];
	peActivities?: readonly PeActivity[];
	frameworks?: readonly Framework[];
	links?: readonly CompetencyLink[];
	assessments?: readonly Assessment[];
}

/**
 * Which goals a share shows (all that are not archived, or a chosen list), and which PE
 * registers it shows as an audit view of the current cycle.
 */
export type ShareSelection =
	| { kind: 'all'; registerIds?: string[]; frameworkIds?: string[] }
	| { kind: 'goals'; goalIds: string[]; registerIds?: string[]; frameworkIds?: string[] };

/** The audit view of one register's current cycle. */
function projectRegister(
	register: Register,
	activities: readonly PeActivity[],
	today: IsoDate
): SharedPe {
	const progress = registerProgress(register, activities, today);
	return {
		kind: 'pe',
		id: register.id,
		name: register.name,
		unit: register.unit,
		cycle: { start: progress.cycle.start, end: progress.cycle.end },
		status: progress.status,
		counted: progress.counted,
		rules: progress.rules.map((rule) => ({
			kind: rule.kind,
			category: categoryName(register, rule.categoryId),
			period: rule.period,
			required: rule.required,
			achieved: rule.achieved,
			met: rule.met
		})),
		activities: activities
			.filter((a) => within(a.endDate, progress.cycle) && a.endDate <= today)
			.flatMap((a) => {
				const credit = a.credits.find((c) => c.registerId === register.id);
				return credit
					? [
							{
								date: a.endDate,
								title: a.title,
								provider: a.provider,
								code: a.accreditationCode,
								category: categoryName(register, credit.categoryId),
								points: credit.points
							}
						]
					: [];
			})
			.sort((a, b) => a.date.localeCompare(b.date)),
		updatedAt: register.updatedAt
	};
}

/** The items a selection shows: the goals, their evidence, and reflections on either. */
export function projectItems(
	selection: ShareSelection,
	source: ShareSource,
	today: IsoDate = toIsoDate()
): SharedItem[] {
	const goals = source.goals.filter((goal) =>
		selection.kind === 'all' ? goal.archivedAt === null : selection.goalIds.includes(goal.id)
	);
	const goalIds = new Set(goals.map((goal) => goal.id));
	const evidence = source.evidence.filter((item) => item.goalIds.some((g) => goalIds.has(g)));
	const evidenceIds = new Set(evidence.map((item) => item.id));
	const shown = new Set([...goalIds, ...evidenceIds]);
	const reflections = source.reflections.filter((r) => shown.has(r.subjectId));
	const files = new Map<string, SharedEvidence['files']>();
	for (const a of source.attachments)
		files.set(a.ownerId, [
			...(files.get(a.ownerId) ?? []),
			{ name: a.name, size: a.size, type: a.type, ...(a.sha256 ? { sha256: a.sha256 } : {}) }
		]);

	return [
		...goals.map((goal): SharedGoal => ({
			kind: 'goal',
			id: goal.id,
			title: goal.title,
			description: goal.description,
			status: goal.status,
			targetDate: goal.targetDate,
			successCriteria: goal.successCriteria,
			updatedAt: goal.updatedAt
		})),
		...evidence.map((item): SharedEvidence => ({
			kind: 'evidence',
			id: item.id,
			format: item.format,
			title: item.title,
			date: item.date,
			description: item.description,
			body: item.body,
			url: item.url,
			goalIds: item.goalIds.filter((g) => goalIds.has(g)),
			files: uniqueFiles(files.get(item.id) ?? []),
			updatedAt: item.updatedAt
		})),
		...reflections.map((r): SharedReflection => ({
			kind: 'reflection',
			id: r.id,
			subjectId: r.subjectId,
			date: r.date,
			template: r.template,
			steps: r.steps,
			updatedAt: r.updatedAt
		})),
		...source.questions
			.filter((q) => shown.has(q.itemId))
			.map((q): SharedQuestion => ({ kind: 'question', ...q })),
		...(source.registers ?? [])
			.filter((r) => r.model === 'points' && (selection.registerIds ?? []).includes(r.id))
			.map((r) => projectRegister(r, source.peActivities ?? [], today)),
		...(source.frameworks ?? [])
			.filter((f) => (selection.frameworkIds ?? []).includes(f.id))
			.map((f) => projectFramework(f, source.links ?? [], source.assessments ?? [], evidenceIds))
	];
}

/** A framework as a coach sees it: only the shared evidence is named behind each competency. */
function projectFramework(
	framework: Framework,
	links: readonly CompetencyLink[],
	assessments: readonly Assessment[],
	sharedEvidence: ReadonlySet<string>
): SharedFramework {
	const status = competencyStatus(framework, links, assessments);
	return {
		kind: 'framework',
		id: framework.id,
		title: framework.title,
		levels: framework.levels,
		competencies: framework.competencies.map((c) => {
			const s = status.get(competencyKey(framework.id, c.id));
			return {
				...c,
				level: s?.level ?? null,
				mastered: s?.mastered ?? false,
				evidenceIds: (s?.evidenceIds ?? []).filter((e) => sharedEvidence.has(e))
			};
		}),
		updatedAt: framework.updatedAt
	};
}
