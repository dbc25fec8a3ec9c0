import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { BACKUP_FORMAT, BACKUP_VERSION, emptyTables } from '$lib/domain/backup/manifest';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';
import { FUZZ, FuzzTally, mutatedBytes, mutatedJson } from '$lib/testing/hostile';
import { ImportError, openBackup } from './backup-zip';

const manifest = {
	format: BACKUP_FORMAT,
	version: BACKUP_VERSION,
	exportedAt: '2026-11-22T12:00:00.000Z',
	tables: {
		...emptyTables(),
		goals: [makeGoal({ id: 'g1' })],
		evidence: [makeEvidence({ id: 'e1', goalIds: ['g1'] })],
		reflections: [makeReflection({ id: 'f1', subjectId: 'g1' })]
	},
	files: []
};
const zipOf = (json: string, level: 0 | 6) =>
	zipSync({ 'koers.json': [strToU8(json), { level }], 'index.html': strToU8('<!doctype html>') });
/** Every 5th input also checks that nothing in the database changed (200 of 1,000). */
const DB_CHECK_EVERY = 5;

/** Every record in the database, as text, to compare before and after. */
async function everything(): Promise<string> {
	const tables = await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()]));
	return JSON.stringify(tables);
}

beforeAll(async () => {
	await db.goals.add(makeGoal({ id: 'here', title: 'Already here' }));
});

describe('backup import, fuzzed', { timeout: 120_000 }, () => {
	it('refuses every mutated backup with a reason and changes nothing, or reads it', async () => {
		const tally = new FuzzTally('backup-zip');
		const json = JSON.stringify(manifest);
		const inputs = fc.oneof(
			mutatedBytes([zipOf(json, 0), zipOf(json, 6)]),
			fc
				.tuple(mutatedJson([manifest]), fc.constantFrom<0 | 6>(0, 6))
				.map(([text, level]) => zipOf(text, level))
		);
		let run = 0;
		await fc.assert(
			fc.asyncProperty(inputs, (zip) =>
				tally.time(async () => {
					const checkDb = run++ % DB_CHECK_EVERY === 0;
					const before = checkDb ? await everything() : '';
					try {
						const opened = await openBackup(new Blob([zip as BlobPart]));
						await opened.close();
						tally.accepted++;
					} catch (error) {
						if (!(error instanceof ImportError)) throw error;
						tally.refuse(error.problem.kind);
					}
					if (checkDb) expect(await everything()).toBe(before);
				})
			),
			FUZZ
		);
		await tally.save();
		expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
	});
});
