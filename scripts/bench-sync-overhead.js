// Bench part `sync-overhead`: what logging every write for device sync costs, in Chromium's real
// IndexedDB. The app's own database class (KoersDb with the device-sync DBCore middleware) is
// bundled from the sources and run in a page; the same records are written into a Dexie database
// with the same stores and no middleware. Figures:
// - importing the portfolio (goals, evidence, reflections, PE activities; one bulkPut per table
//   in one transaction, as a backup import writes): logged / plain (cr-sqlite's goal is ≤ 2.5×);
// - 200 single-record edits, each its own transaction (a learner's Save): logged / plain;
// - a first sync of that portfolio into an empty database through the engine alone (opsSince in
//   1 MB batches → applyOps), in a page of its own: time, ops, bytes, and that page's peak JS heap
//   (garbage included; no transport: the devices bench measures the whole path).
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

/** Runs the part; `record(name, value, unit, target)` as in bench.js. */
export async function benchSyncOverhead({ browser, base, record }) {
	const script = await bundle();
	// The app's CSP (rightly) forbids injected scripts; this measuring page may bypass it.
	const context = await browser.newContext({ bypassCSP: true });
	const page = await context.newPage();
	// A file of the app, not the app itself: nothing else runs in the page while it measures.
	await page.goto(`${base}/manifest.webmanifest`);
	await page.addScriptTag({ path: script });
	const figures = await page.evaluate(
		async ({ items, rounds }) => {
			const { Dexie, KoersDb, SCHEMA_VERSIONS } = window.KoersSyncBench;
			const stamp = new Date().toISOString();
			const goalCount = Math.max(10, Math.round(items / 20));
			const tables = {
				goals: Array.from({ length: goalCount }, (_, g) => ({
					id: `g${g}`,
					title: `Goal ${g}: give better feedback`,
					description: 'A goal the learner set.',
					source: 'ambition',
					reason: null,
					momentOfNeed: null,
					setting: 'inWork',
					settingContext: '',
					direction: 'self',
					formats: ['report', 'vlog'],
					pace: null,
					priorKnowledge: '',
					companion: 'coach',
					targetDate: `2027-0${1 + (g % 9)}-15`,
					status: g % 5 ? 'active' : 'planned',
					successCriteria: ['One'],
					tags: [`tag${g % 10}`],
					archivedAt: null,
					createdAt: stamp,
					updatedAt: stamp
				})),
				evidence: Array.from({ length: items }, (_, i) => ({
					id: `e${i}`,
					format: 'report',
					title: `Evidence ${i}`,
					date: `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`,
					description: 'What I did and learned.',
					body: '# Report\n\nSome **Markdown** text about the work, a few sentences long.',
					url: null,
					goalIds: [`g${i % goalCount}`],
					tags: [],
					createdAt: stamp,
					updatedAt: stamp
				})),
				reflections: Array.from({ length: items }, (_, i) => ({
					id: `r${i}`,
					subjectKind: 'evidence',
					subjectId: `e${i}`,
					date: '2026-03-01',
					template: 'starr',
					steps: { situation: 'A meeting.', reflection: 'Next time I ask first.' },
					createdAt: stamp,
					updatedAt: stamp
				})),
				registers: [
					{
						id: 'vv',
						name: 'Kwaliteitsregister V&V',
						templateId: 'vv',
						model: 'points',
						unit: 'points',
						unitsPerHour: 1,
						cycleYears: 5,
						cycleStart: '2022-01-01',
						registeredOn: null,
						required: 184,
						perYearMinimum: null,
						categories: [
							{ id: 'accredited', name: 'Geaccrediteerd', min: 80, max: null, minShare: null }
						],
						source: '',
						checkedOn: null,
						notes: '',
						outputYears: [],
						createdAt: stamp,
						updatedAt: stamp
					}
				],
				peActivities: Array.from({ length: 2_000 }, (_, a) => {
					const date = `202${2 + (a % 5)}-0${1 + (a % 9)}-1${a % 10}`;
					return {
						id: `a${a}`,
						title: `Course ${a}`,
						type: 'course',
						provider: 'Academy',
						accreditationCode: `AC-${a}`,
						startDate: date,
						endDate: date,
						hours: 2,
						credits: [{ registerId: 'vv', categoryId: 'accredited', points: 2 }],
						goalIds: [],
						reflection: '',
						createdAt: stamp,
						updatedAt: stamp
					};
				})
			};
			const names = Object.keys(tables);
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
		{ items: ITEMS, rounds: ROUNDS }
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
			source.close();
			target.close();
			for (const name of ['bench-sync-logged', 'bench-sync-target']) await Dexie.delete(name);
			return { ops, syncMs, applyMs, bytes, batches, peakHeap, arrived };
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
	record('first sync: op bytes (JSON)', figures.bytes / 1024 / 1024, 'MB');
	record('first sync: peak JS heap of the page', figures.peakHeap / 1024 / 1024, 'MB', '≤ 150');
	await context.close();
}
