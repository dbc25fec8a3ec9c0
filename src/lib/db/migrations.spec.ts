import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KoersDb, SCHEMA_VERSIONS } from './koers-db';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';

/** Each test writes a database with an older version's stores, then opens it with KoersDb. */

describe('schema migrations', () => {
	it('opens a version 1 database with every record intact', async () => {
		const name = 'koers-migration-v1';
		const old = new Dexie(name);
		old.version(1).stores(SCHEMA_VERSIONS[1]);
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
