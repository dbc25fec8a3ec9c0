import { db } from './koers-db';

/** The records search looks through. */
export async function searchSource() {
	return db.transaction(
		'r',
		[db.goals, db.evidence, db.reflections, db.peActivities],
		async () => ({
			goals: await db.goals.toArray(),
			evidence: await db.evidence.toArray(),
			reflections: await db.reflections.toArray(),
			peActivities: await db.peActivities.toArray()
		})
	);
}
