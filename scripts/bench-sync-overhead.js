// Bench part `sync-overhead`: what logging every write for device sync costs, in Chromium's real
// IndexedDB. The app's own database class (KoersDb with the device-sync DBCore middleware) is
// bundled from the sources and run in a page; the same records are written into a Dexie database
// with the same stores and no middleware. Figures:
// - importing the portfolio (goals, evidence, reflections, PE activities; one bulkPut per table
//   in one transaction, as a backup import writes): logged / plain (cr-sqlite's goal is ≤ 2.5×);
// - 200 single-record edits, each its own transaction (a learner's Save): logged / plain;
// - a first sync of that portfolio into an empty database through the engine alone (opsSince in
//   1 MB batches → applyOps), in a page of its own: time, ops, bytes, and that page's peak JS heap
//   (garbage included; no transport: the devices bench measures the whole path), and what the
//   new device then stores: its records, and the sync states and op log beside them; and the raw
//   platform doing the same work (plain IndexedDB writing what the engine stored, and the records
//   alone, into the same stores and indexes in as many transactions), as ratios.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ITEMS = Number(process.env.BENCH_SYNC_ITEMS ?? 10_000);
const ROUNDS = 3;

/** Bundles KoersDb, the sync engine and Dexie into one script a page can load. */
export async function bundle(minify = true) {
	const { build } = await import('vite');
	// Inside the project, so the entry resolves the project's packages.
	mkdirSync('node_modules/.cache', { recursive: true });
	const dir = mkdtempSync(resolve('node_modules/.cache/koers-sync-bench-'));
	const entry = join(dir, 'entry.ts');
	const lib = resolve('src/lib');
	writeFileSync(
		entry,
		[
			`import Dexie from 'dexie';`,
			`import { KoersDb, SCHEMA_VERSIONS } from '${lib}/db/koers-db';`,
			`import { deviceSyncOf } from '${lib}/db/device-sync/engine';`,
			`export { Dexie, KoersDb, SCHEMA_VERSIONS, deviceSyncOf };`
		].join('\n')
	);
	await build({
		configFile: false,
		logLevel: 'silent',
		root: resolve('.'),
		resolve: { alias: { $lib: lib } },
		build: {
			outDir: dir,
			emptyOutDir: false,
			minify,
			lib: { entry, formats: ['iife'], name: 'KoersSyncBench', fileName: () => 'bench.js' }
		}
	});
	return join(dir, 'bench.js');
}

/**
 * Runs the part; `record(name, value, unit, target)` and `seed(page, items)` (the portfolio,
 * written into the app's database) as in bench.js.
 */
export async function benchSyncOverhead({ browser, base, record, seed }) {
	const script = await bundle();
	// The app's CSP (rightly) forbids injected scripts; this measuring page may bypass it.
	const context = await browser.newContext({ bypassCSP: true });
	const app = await context.newPage();
	await app.goto(base);
	await app.getByRole('heading', { level: 1 }).waitFor();
	await seed(app, ITEMS);
	await app.close();
	const page = await context.newPage();
	// A file of the app, not the app itself: nothing else runs in the page while it measures.
	await page.goto(`${base}/manifest.webmanifest`);
	await page.addScriptTag({ path: script });
	const figures = await page.evaluate(
		async ({ rounds }) => {
			const { Dexie, KoersDb, SCHEMA_VERSIONS } = window.KoersSyncBench;
			// The portfolio bench.js seeded into the app's database, read back with raw IndexedDB.
			const names = ['goals', 'evidence', 'reflections', 'registers', 'peActivities'];
			const seeded = await new Promise((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const tables = {};
			for (const name of names)
				tables[name] = await new Promise((resolve) => {
					const all = seeded.transaction(name).objectStore(name).getAll();
					all.onsuccess = () => resolve(all.result);
				});
			seeded.close();
			const records = names.reduce((sum, name) => sum + tables[name].length, 0);

			/** Dexie with the app's stores and no middleware. */
			const plain = (name) => {
				const db = new Dexie(name);
				for (const version of Object.keys(SCHEMA_VERSIONS).map(Number))
					db.version(version).stores(SCHEMA_VERSIONS[version]);
				return db;
			};
			const time = async (fn) => {
				const start = performance.now();
				await fn();
				return performance.now() - start;
			};
			const importAll = (db) =>
				db.transaction('rw', names, async () => {
					for (const name of names) await db.table(name).bulkPut(tables[name]);
				});
			const editSome = async (db) => {
				for (let i = 0; i < 200; i++)
					await db.table('evidence').update(`e${i * 7}`, { title: `Evidence ${i}, edited` });
			};
			const median = (list) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];
			const samples = { plainImport: [], loggedImport: [], plainEdit: [], loggedEdit: [] };
			for (let round = 0; round < rounds; round++) {
				const order = round % 2 ? ['logged', 'plain'] : ['plain', 'logged'];
				for (const kind of order) {
					const name = `bench-sync-${kind}`;
					await Dexie.delete(name);
					const db = kind === 'plain' ? plain(name) : new KoersDb(name);
					await db.open();
					samples[`${kind}Import`].push(await time(() => importAll(db)));
					samples[`${kind}Edit`].push(await time(() => editSome(db)));
					db.close();
				}
			}

			for (const name of ['bench-sync-plain']) await Dexie.delete(name);
			return {
				records,
				plainImport: median(samples.plainImport),
				loggedImport: median(samples.loggedImport),
				plainEdit: median(samples.plainEdit),
				loggedEdit: median(samples.loggedEdit)
			};
		},
		{ rounds: ROUNDS }
	);
	// The first sync in a page of its own (the heap is that page's: both ends of the engine, no
	// portfolio built in memory), from the logged database the last round left.
	const syncPage = await context.newPage();
	await syncPage.goto(`${base}/manifest.webmanifest`);
	await syncPage.addScriptTag({ path: script });
	Object.assign(
		figures,
		await syncPage.evaluate(async () => {
			const { Dexie, KoersDb, deviceSyncOf } = window.KoersSyncBench;
			const source = new KoersDb('bench-sync-logged');
			await source.open();
			const from = deviceSyncOf(source);
			await Dexie.delete('bench-sync-target');
			const target = new KoersDb('bench-sync-target');
			await target.open();
			const to = deviceSyncOf(target);
			let ops = 0;
			await source.table('syncOps').each((run) => (ops += run.last - run.seq + 1));
			const heap = () => performance.memory?.usedJSHeapSize ?? 0;
			let peakHeap = heap();
			let bytes = 0;
			let batches = 0;
			let applyMs = 0;
			const start = performance.now();
			for (;;) {
				const batch = await from.opsSince(await to.localVector());
				bytes += JSON.stringify(batch.ops).length;
				batches += 1;
				const applyStart = performance.now();
				const result = await to.applyOps(batch.ops);
				applyMs += performance.now() - applyStart;
				if (result.refused.length) throw new Error(result.refused[0].reason);
				peakHeap = Math.max(peakHeap, heap());
				if (!batch.more) break;
			}
			const syncMs = performance.now() - start;
			const arrived = await target.table('evidence').count();
			// What the new device stores (as JSON text, deflated runs as their bytes): the records,
			// and what sync keeps beside them.
			const stored = { rows: 0, syncFields: 0, syncOps: 0 };
			const size = (row) =>
				JSON.stringify(row, (_, value) => (value instanceof Uint8Array ? '' : value)).length +
				Object.values(row).reduce((n, v) => n + (v instanceof Uint8Array ? v.byteLength : 0), 0);
			const measure = (name, into) => target.table(name).each((row) => (stored[into] += size(row)));
			for (const name of ['goals', 'evidence', 'reflections', 'registers', 'peActivities'])
				await measure(name, 'rows');
			await measure('syncFields', 'syncFields');
			await measure('syncOps', 'syncOps');
			// The raw platform doing the same work: what the engine stored (and the records alone),
			// written with plain IndexedDB into the same stores and indexes, in as many transactions.
			const raw = await rawWrites(target.backendDB(), batches);
			source.close();
			target.close();
			for (const name of ['bench-sync-logged', 'bench-sync-target']) await Dexie.delete(name);
			return { ops, syncMs, applyMs, bytes, batches, peakHeap, arrived, stored, raw };

			/** Times raw IndexedDB writing `db`'s records (all, then the portfolio's alone) afresh. */
			async function rawWrites(db, transactions) {
				const done = (request) =>
					new Promise((resolve, reject) => {
						request.onsuccess = () => resolve(request.result);
						request.onerror = () => reject(request.error);
					});
				const stores = [...db.objectStoreNames];
				const shapes = {};
				const entries = [];
				const read = db.transaction(stores);
				for (const name of stores) {
					const store = read.objectStore(name);
					shapes[name] = {
						keyPath: store.keyPath,
						autoIncrement: store.autoIncrement,
						indexes: [...store.indexNames].map((index) => {
							const { keyPath, unique, multiEntry } = store.index(index);
							return { index, keyPath, unique, multiEntry };
						})
					};
					const [keys, values] = await Promise.all([
						done(store.getAllKeys()),
						done(store.getAll())
					]);
					values.forEach((value, i) => entries.push([name, value, keys[i]]));
				}
				const records = ['goals', 'evidence', 'reflections', 'registers', 'peActivities'];
				const write = async (label, list) => {
					const name = `bench-sync-raw-${label}`;
					await done(indexedDB.deleteDatabase(name));
					const open = indexedDB.open(name, 1);
					open.onupgradeneeded = () => {
						for (const [store, shape] of Object.entries(shapes)) {
							const created = open.result.createObjectStore(store, {
								keyPath: shape.keyPath,
								autoIncrement: shape.autoIncrement
							});
							for (const { index, keyPath, unique, multiEntry } of shape.indexes)
								created.createIndex(index, keyPath, { unique, multiEntry });
						}
					};
					const rawDb = await done(open);
					const per = Math.ceil(list.length / transactions);
					const start = performance.now();
					for (let from = 0; from < list.length; from += per) {
						const tx = rawDb.transaction(stores, 'readwrite');
						for (const [store, value, key] of list.slice(from, from + per)) {
							const target = tx.objectStore(store);
							if (shapes[store].keyPath === null) target.put(value, key);
							else target.put(value);
						}
						await new Promise((resolve, reject) => {
							tx.oncomplete = resolve;
							tx.onerror = () => reject(tx.error);
						});
					}
					const ms = performance.now() - start;
					rawDb.close();
					await done(indexedDB.deleteDatabase(name));
					return { ms, count: list.length };
				};
				return {
					all: await write('all', entries),
					records: await write(
						'records',
						entries.filter(([store]) => records.includes(store))
					)
				};
			}
		})
	);
	if (figures.arrived !== ITEMS)
		throw new Error(`first sync carried ${figures.arrived} of ${ITEMS}`);
	const size = figures.records.toLocaleString('en');
	record(
		`import ${size} records, logged for device sync / plain Dexie (median of ${ROUNDS})`,
		figures.loggedImport / figures.plainImport,
		'×',
		'≤ 2.5'
	);
	record(`import ${size} records with device-sync logging`, figures.loggedImport, 'ms');
	record(`import ${size} records, plain Dexie`, figures.plainImport, 'ms');
	record(
		'200 single edits, logged / plain Dexie',
		figures.loggedEdit / figures.plainEdit,
		'×',
		'≤ 2.5'
	);
	record(
		`first sync of ${size} records (${figures.ops.toLocaleString('en')} ops, ${figures.batches} batches of ≤ 1 MB), engine only`,
		figures.syncMs,
		'ms',
		'≤ 15000 with transport'
	);
	record('of which applyOps', figures.applyMs, 'ms');
	const { raw } = figures;
	record(
		`  raw IndexedDB writing all the new device then stores (${raw.all.count.toLocaleString('en')} IndexedDB records, same stores and indexes, ${figures.batches} transactions)`,
		raw.all.ms,
		'ms'
	);
	record(
		`  raw IndexedDB writing the ${raw.records.count.toLocaleString('en')} records alone (same indexes and transactions)`,
		raw.records.ms,
		'ms'
	);
	record('  first sync / raw IndexedDB writing what it stores', figures.syncMs / raw.all.ms, '×');
	record(
		'  first sync / raw IndexedDB writing the records alone',
		figures.syncMs / raw.records.ms,
		'×'
	);
	record('first sync: op bytes (JSON)', figures.bytes / 1024 / 1024, 'MB');
	record('first sync: peak JS heap of the page', figures.peakHeap / 1024 / 1024, 'MB', '≤ 150');
	const mb = (bytes) => bytes / 1024 / 1024;
	record('first sync: the records stored (JSON)', mb(figures.stored.rows), 'MB');
	record('first sync: sync states stored beside them', mb(figures.stored.syncFields), 'MB');
	record('first sync: op log stored beside them', mb(figures.stored.syncOps), 'MB');
	await context.close();
}
