import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KoersDb } from './koers-db';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';

/**
 * Each schema version keeps a copy of the stores it declared. When a version is added, a test
 * here writes a database with the previous version's stores and opens it with KoersDb.
 */
const VERSION_1 = {
	goals: 'id, status, targetDate, updatedAt, *tags',
	evidence: 'id, date, format, updatedAt, *goalIds, *tags',
	attachments: 'id, evidenceId, sha256',
	reflections: 'id, subjectId, date, updatedAt',
	files: 'sha256, *chunks',
	chunks: 'sha256, createdAt',
	meta: 'key'
};

describe('schema migrations', () => {
	it('opens a version 1 database with every record intact', async () => {
		const name = 'koers-migration-v1';
		const old = new Dexie(name);
		old.version(1).stores(VERSION_1);
		const goal = makeGoal({ tags: ['a'] });
		const evidence = makeEvidence({ goalIds: [goal.id] });
		const reflection = makeReflection({ subjectId: goal.id });
		await old.table('goals').add(goal);
		await old.table('evidence').add(evidence);
		await old.table('reflections').add(reflection);
		old.close();

		const current = new KoersDb(name);
		expect(await current.goals.get(goal.id)).toEqual(goal);
		expect(await current.evidence.where('goalIds').equals(goal.id).toArray()).toEqual([evidence]);
		expect(await current.reflections.get(reflection.id)).toEqual(reflection);
		current.close();
		await Dexie.delete(name);
	});
});
