import type { DashboardSource } from '$lib/domain/dashboard';
import { db } from './koers-db';

/** Everything the dashboard reads, in one read transaction. */
export async function dashboardSource(): Promise<DashboardSource> {
	return db.transaction(
		'r',
		[
			db.goals,
			db.evidence,
			db.reflections,
			db.registers,
			db.peActivities,
			db.frameworks,
			db.competencyLinks,
			db.assessments,
			db.pathSteps,
			db.responses
		],
		async () => {
			const evidenceGoalIds: string[][] = [];
			await db.evidence.each((e) => void evidenceGoalIds.push(e.goalIds));
			return {
				goals: await db.goals.toArray(),
				evidenceGoalIds,
				reflections: await db.reflections.toArray(),
				registers: await db.registers.toArray(),
				activities: await db.peActivities.toArray(),
				frameworks: await db.frameworks.toArray(),
				links: await db.competencyLinks.toArray(),
				assessments: await db.assessments.toArray(),
				steps: await db.pathSteps.toArray(),
				unread: await db.responses.filter((r) => r.readAt === null).count()
			};
		}
	);
}
