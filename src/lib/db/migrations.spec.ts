import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KoersDb, SCHEMA_VERSIONS } from './koers-db';
import { CLOCK_KEY } from './device-sync/clock';
import { deviceSyncOf } from './device-sync/engine';
import { allOps, unpackState } from './device-sync/log';
import { BACKUP_TABLE_NAMES } from '$lib/domain/backup/manifest';
import { rowOf } from '$lib/domain/device-sync/register';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';
import {
	CURRENT_VERSION,
	VERSIONS,
	expectedFrom,
	fixtureAt,
	tablesAt,
	type Fixture,
	type Row,
	type SchemaVersion
} from '$lib/testing/schema-fixtures';

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

	it('moves version 1 evidence attachments to owner ids in version 2', async () => {
		const name = 'koers-migration-v2';
		const old = new Dexie(name);
		old.version(1).stores(SCHEMA_VERSIONS[1]);
		const evidence = makeEvidence();
		const attachment = {
			id: 'a1',
			evidenceId: evidence.id,
			name: 'slides.pdf',
			type: 'application/pdf',
			size: 10,
			sha256: 'f'.repeat(64),
			createdAt: '2026-01-01T00:00:00.000Z'
		};
		await old.table('evidence').add(evidence);
		await old.table('attachments').add(attachment);
		old.close();

		const current = new KoersDb(name);
		const { evidenceId: _old, ...rest } = attachment;
		expect(await current.attachments.where('ownerId').equals(evidence.id).toArray()).toEqual([
			{ ...rest, ownerKind: 'evidence', ownerId: evidence.id }
		]);
		expect(await current.evidence.get(evidence.id)).toEqual(evidence);
		expect(await current.registers.count()).toBe(0);
		current.close();
		await Dexie.delete(name);
	});

	it('opens a version 2 database in version 3 with its records, and empty sharing tables', async () => {
		const name = 'koers-migration-v3';
		const old = new Dexie(name);
		old.version(1).stores(SCHEMA_VERSIONS[1]);
		old.version(2).stores(SCHEMA_VERSIONS[2]);
		const goal = makeGoal();
		await old.table('goals').add(goal);
		await old.table('registers').add({ id: 'r1', name: 'V&V' });
		old.close();

		const current = new KoersDb(name);
		expect(await current.goals.get(goal.id)).toEqual(goal);
		expect(await current.registers.get('r1')).toEqual({ id: 'r1', name: 'V&V' });
		expect(await current.shares.count()).toBe(0);
		expect(await current.receivedShares.count()).toBe(0);
		current.close();
		await Dexie.delete(name);
	});

	it('opens a version 3 database in version 4 with its records, and empty competency tables', async () => {
		const name = 'koers-migration-v4';
		const old = new Dexie(name);
		old.version(1).stores(SCHEMA_VERSIONS[1]);
		old.version(2).stores(SCHEMA_VERSIONS[2]);
		old.version(3).stores(SCHEMA_VERSIONS[3]);
		const goal = makeGoal();
		await old.table('goals').add(goal);
		await old.table('shares').add({ id: 's1', title: 'For my coach' });
		old.close();

		const current = new KoersDb(name);
		expect(await current.goals.get(goal.id)).toEqual(goal);
		expect(await current.shares.get('s1')).toEqual({ id: 's1', title: 'For my coach' });
		expect(await current.frameworks.count()).toBe(0);
		expect(await current.pathSteps.where('goalId').equals(goal.id).count()).toBe(0);
		current.close();
		await Dexie.delete(name);
	});

	it('opens a version 4 database in version 5 with its files, and no received files yet', async () => {
		const name = 'koers-migration-v5';
		const old = new Dexie(name);
		for (const version of [1, 2, 3, 4] as const)
			old.version(version).stores(SCHEMA_VERSIONS[version]);
		const file = { sha256: 'a'.repeat(64), size: 3, type: 'video/webm', chunks: ['b'.repeat(64)] };
		await old.table('files').add(file);
		await old.table('receivedShares').add({ id: 'room', kind: 'live' });
		old.close();

		const current = new KoersDb(name);
		expect(await current.files.get(file.sha256)).toEqual(file);
		expect(await current.receivedShares.get('room')).toEqual({ id: 'room', kind: 'live' });
		expect(await current.receivedFiles.where('recordId').equals('room').count()).toBe(0);
		current.close();
		await Dexie.delete(name);
	});

	it('opens a version 5 database in version 6 with its chunks, and no uploads under way', async () => {
		const name = 'koers-migration-v6';
		const old = new Dexie(name);
		for (const version of [1, 2, 3, 4, 5] as const)
			old.version(version).stores(SCHEMA_VERSIONS[version]);
		const chunk = { sha256: 'b'.repeat(64), size: 3, createdAt: '2026-11-01T00:00:00.000Z' };
		await old.table('chunks').add(chunk);
		await old.table('receivedFiles').add({ id: 'room/x', recordId: 'room', sha256: 'x' });
		old.close();

		const current = new KoersDb(name);
		expect(await current.chunks.get(chunk.sha256)).toEqual(chunk);
		expect(await current.receivedFiles.get('room/x')).toMatchObject({ sha256: 'x' });
		expect(await current.uploads.count()).toBe(0);
		expect(await current.chunkLeases.where('sha256').equals(chunk.sha256).count()).toBe(0);
		current.close();
		await Dexie.delete(name);
	});

	it('opens a version 6 database in version 7 as a device: every record has its ops, seq 1..n', async () => {
		const name = 'koers-migration-v7';
		const fixture = fixtureAt(6);
		await writeOld(name, 6, fixture);

		const current = new KoersDb(name);
		const sync = deviceSyncOf(current);
		const device = await sync.thisDevice();
		expect(device).toMatch(/^[A-Za-z0-9_-]{22}$/);
		const ops = await allOps(current);
		expect(ops.map((op) => op.seq)).toEqual(ops.map((_, i) => i + 1));
		expect(new Set(ops.map((op) => op.device))).toEqual(new Set([device]));
		expect(await sync.localVector()).toEqual({ [device]: ops.length });
		// Every record of every synced table is rebuilt exactly from its field states.
		let records = 0;
		for (const table of BACKUP_TABLE_NAMES) {
			for (const row of fixture[table] ?? []) {
				const stored = await current.syncFields.get([table, String(row.id)]);
				const kept = await current.table(table).get(String(row.id));
				const state = stored && unpackState(stored, kept);
				expect({ table, row: state && rowOf(state) }).toEqual({ table, row });
				records += 1;
			}
		}
		expect(records).toBeGreaterThan(10);
		expect(await current.syncFields.count()).toBe(records);
		// Records stay as they were, and other tables are not logged.
		expect(byKey((await current.goals.toArray()) as unknown as Row[])).toEqual(
			byKey(fixture.goals ?? [])
		);
		expect(ops.some((op) => (op.table as string) === 'files')).toBe(false);
		expect(await sync.listConflicts()).toEqual([]);

		// A write after the upgrade continues the same device's seqs.
		const goal = fixture.goals![0]!;
		await current.goals.update(String(goal.id), { title: 'Lead three retrospectives' });
		expect(await sync.localVector()).toEqual({ [device]: ops.length + 1 });
		current.close();
		await Dexie.delete(name);
	});
});

describe('schema version 9 (groups on all the learner’s devices)', () => {
	it('moves what was seen to groupVisits and logs each group as the device’s next ops, once', async () => {
		const name = 'koers-migration-v9';
		const fixture = fixtureAt(8);
		const clock = { device: 'D'.repeat(22), seq: 1, ms: 0, counter: 0 };
		fixture.meta = [...(fixture.meta ?? []), { key: CLOCK_KEY, value: clock }];
		await writeOld(name, 8, fixture);

		const current = new KoersDb(name);
		const group = fixture.groups![0]!;
		const { seen, lastVisit, ...synced } = group;
		expect(await current.groups.get(String(group.id))).toEqual(synced);
		expect(await current.groupVisits.get(String(group.id))).toEqual({
			group: group.id,
			seen,
			lastVisit
		});
		// Every field but the key, as this device's next seqs after the one the fixture held.
		const ops = (await allOps(current)).filter((op) => op.table === 'groups');
		expect(ops.map((op) => [op.device, op.seq, op.field])).toEqual(
			Object.keys(synced)
				.filter((field) => field !== 'id')
				.sort()
				.map((field, i) => [clock.device, 2 + i, field])
		);
		const state = await current.syncFields.get(['groups', String(group.id)]);
		expect(state && rowOf(unpackState(state, synced))).toEqual(synced);
		// A later write logs only what changed, from the same clock.
		await current.groups.update(String(group.id), { epoch: 1 });
		const after = (await allOps(current)).filter((op) => op.table === 'groups');
		expect(after.slice(ops.length).map((op) => [op.field, op.value])).toEqual([['epoch', 1]]);
		current.close();
		await Dexie.delete(name);
	});
});

/** Writes `fixture` into a database with the stores of `version` and every version before it. */
async function writeOld(name: string, version: SchemaVersion, fixture: Fixture): Promise<void> {
	const old = new Dexie(name);
	for (const v of VERSIONS.filter((v) => v <= version)) old.version(v).stores(SCHEMA_VERSIONS[v]);
	for (const [table, rows] of Object.entries(fixture)) await old.table(table).bulkAdd(rows);
	old.close();
}

/** Every store of an open database, with its key and indexes, as IndexedDB holds them. */
function shapeOf(database: Dexie): Record<string, unknown> {
	const idb = database.backendDB();
	const names = [...idb.objectStoreNames];
	const tx = idb.transaction(names);
	return Object.fromEntries(
		names.map((name) => {
			const store = tx.objectStore(name);
			const indexes = [...store.indexNames].sort().map((index) => {
				const { keyPath, unique, multiEntry } = store.index(index);
				return { index, keyPath, unique, multiEntry };
			});
			return [name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
		})
	);
}

/** The primary key of a row in any table. */
const keyOf = (row: Row) => String(row.id ?? row.sha256 ?? row.key);
const byKey = (rows: Row[]) => [...rows].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));

/** Chunk bytes, which deep equality cannot see inside a Blob. */
async function chunkBytes(rows: Row[]): Promise<(string | null)[]> {
	return Promise.all(byKey(rows).map((r) => (r.data instanceof Blob ? r.data.text() : null)));
}

describe('schema version 10 (only the indexes queries use)', () => {
	it('drops the indexes no query reads from a version 9 database, keeping every record', async () => {
		const name = 'koers-migration-v10';
		const fixture = fixtureAt(9);
		await writeOld(name, 9, fixture);
		const current = new KoersDb(name);
		await current.open();
		const indexes = (table: string) => {
			const store = current.backendDB().transaction(table).objectStore(table);
			return [...store.indexNames].sort();
		};
		expect(indexes('goals')).toEqual([]);
		expect(indexes('evidence')).toEqual(['goalIds']);
		expect(indexes('reflections')).toEqual(['date', 'subjectId']);
		expect(indexes('competencyLinks')).toEqual(['frameworkId', 'recordId']);
		expect(indexes('assessments')).toEqual(['frameworkId']);
		expect(indexes('chunks')).toEqual([]);
		expect(indexes('uploads')).toEqual([]);
		// What the queries use stays: evidence of a goal, a subject's reflections, the latest.
		const evidence = fixture.evidence![0]!;
		const goalId = (evidence.goalIds as string[])[0]!;
		expect(await current.evidence.where('goalIds').equals(goalId).primaryKeys()).toContain(
			evidence.id
		);
		expect(await current.goals.count()).toBe(fixture.goals!.length);
		expect(await current.reflections.orderBy('date').count()).toBe(fixture.reflections!.length);
		current.close();
		await Dexie.delete(name);
	});
});

describe('schema version 8 (learning groups)', () => {
	it('opens a version 7 database in version 8 with its records, and no identity or groups yet', async () => {
		const name = 'koers-migration-v8';
		const fixture = fixtureAt(7);
		await writeOld(name, 7, fixture);
		const current = new KoersDb(name);
		expect(await current.goals.count()).toBe(fixture.goals!.length);
		for (const table of ['identity', 'groups', 'groupEnvelopes', 'groupPins'] as const)
			expect({ table, count: await current.table(table).count() }).toEqual({ table, count: 0 });
		expect(current.verno).toBeGreaterThanOrEqual(8);
		current.close();
		await Dexie.delete(name);
	});
});

describe.each(VERSIONS.filter((v) => v < CURRENT_VERSION))(
	'a database written by schema version %i',
	(version) => {
		it('opens in the current version with every record of every table intact: records lost 0', async () => {
			const name = `koers-fixture-v${version}`;
			const fixture = fixtureAt(version);
			expect(Object.keys(fixture)).toEqual(tablesAt(version));
			// Draft files hold File objects, which this test environment does not store as a browser does.
			for (const [table, rows] of Object.entries(fixture))
				if (table !== 'draftFiles')
					expect({ table, rows: rows.length > 0 }).toEqual({ table, rows: true });
			await writeOld(name, version, fixture);

			const current = new KoersDb(name);
			const expected = expectedFrom(version, fixture);
			let recordsLost = 0;
			for (const [table, rows] of Object.entries(expected)) {
				// The device's clock is new in version 7 (its own test is below).
				const stored = ((await current.table(table).toArray()) as Row[]).filter(
					(row) => !(table === 'meta' && row.key === CLOCK_KEY)
				);
				recordsLost += Math.max(0, rows.length - stored.length);
				if (table === 'syncOps' || table === 'syncFields') {
					// Later upgrades log what they bring into sync (version 9: groups) beside these.
					expect(byKey(stored)).toEqual(expect.arrayContaining(byKey(rows)));
					continue;
				}
				expect({ table, count: stored.length }).toEqual({ table, count: rows.length });
				expect(byKey(stored)).toEqual(byKey(rows));
			}
			expect(await chunkBytes((await current.chunks.toArray()) as unknown as Row[])).toEqual(
				await chunkBytes(fixture.chunks ?? [])
			);
			const logged = new Set(['syncOps', 'syncFields']);
			for (const table of tablesAt(CURRENT_VERSION).filter(
				(t) => !(t in expected) && !logged.has(t)
			))
				expect({ table, count: await current.table(table).count() }).toEqual({ table, count: 0 });
			expect(current.verno).toBe(CURRENT_VERSION);
			expect({ recordsLost }).toEqual({ recordsLost: 0 });
			// Its stores and indexes are those of a database created new.
			const fresh = new KoersDb(`${name}-new`);
			await fresh.open();
			expect(shapeOf(current)).toEqual(shapeOf(fresh));
			fresh.close();
			await Dexie.delete(`${name}-new`);
			current.close();
			await Dexie.delete(name);
		});

		it('has the same stores and indexes as a database created by the current version', async () => {
			const name = `koers-shape-v${version}`;
			await writeOld(name, version, {});
			const upgraded = new KoersDb(name);
			await upgraded.open();
			const fresh = new KoersDb(`koers-shape-fresh-v${version}`);
			await fresh.open();
			expect(storeShapes(upgraded.backendDB())).toEqual(storeShapes(fresh.backendDB()));
			expect(Object.keys(storeShapes(fresh.backendDB()))).toEqual(
				[...tablesAt(CURRENT_VERSION)].sort()
			);
			for (const db of [upgraded, fresh]) {
				db.close();
				await Dexie.delete(db.name);
			}
		});
	}
);

/** Each object store of `db` with its key path and its indexes' key paths and flags. */
function storeShapes(db: IDBDatabase): Record<string, unknown> {
	const stores = [...db.objectStoreNames];
	const tx = db.transaction(stores);
	return Object.fromEntries(
		stores.map((name) => {
			const store = tx.objectStore(name);
			const indexes = [...store.indexNames].map((index) => {
				const { keyPath, unique, multiEntry } = store.index(index);
				return { index, keyPath, unique, multiEntry };
			});
			return [name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
		})
	);
}
