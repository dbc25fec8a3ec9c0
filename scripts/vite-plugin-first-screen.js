// Groups the JavaScript of the first screens into a few chunks, so a first visit on a phone
// fetches a handful of files instead of fifty small ones (each a round trip on a slow network,
// six at a time over HTTP/1.1). What no group takes (other routes, the sync code, workbox-window)
// keeps Rollup's own chunks and loads later.
//   shell:   the root layout and the client hooks with all they import (Svelte, SvelteKit's
//            client, the messages' runtime, the layout's state), plus what the start page and the
//            share-link page both import; no database code, so a first visit paints without it;
//   start:   what a `start` module (below) shares with the first screens' groups (a live link's
//            parsing, valibot, the sealing): none of it imports the shell, so the module runs as
//            soon as it arrives, without waiting for the app's code;
//   common:  what the share-link page shares with the groups below (schemas, valibot, pure
//            rules), so opening a link loads neither Dexie nor the notices' code;
//   data:    the database (Dexie, the schema, the sync log) with all it imports;
//   idle:    what the layout loads once the database is in use (publishing live shares, reminders);
//   notices: the notices about stored data, loaded then too;
//   audit:   the views of a share's PE registers and competency frameworks, which a share-link
//            page loads only for a share that has them (components/share/audit-views.ts): what
//            they share with the start page's or the database's code, apart from both;
//   home:    the start page's header and welcome;  homeData: the learner's things on it;
//   open:    the rest of the page that opens a share link.
// The built HTML then asks for all a first view needs at once (firstViewFiles), instead of
// each file only once the one importing it has arrived and run: on a slow line every such step is
// a round trip. And V8 compiles the first screens' code whole, off the main thread, as it arrives
// (the explicit compile hint below), instead of each function on the main thread when first run.
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const ROOTS = {
	shell: ['routes/+layout.svelte', 'routes/+layout.ts', 'hooks.client.ts'],
	start: [],
	common: [],
	data: ['lib/db/koers-db.ts'],
	idle: ['lib/state/share-hub.svelte.ts', 'lib/state/nudges.svelte.ts'],
	notices: ['routes/data-notices.ts'],
	home: ['routes/+page.svelte'],
	open: ['routes/open/+page.svelte'],
	// Below `open` (a group also takes the modules its modules import, unless a group before it
	// took them) and above `homeData`, which shares the PE texts.
	audit: [
		'lib/components/share/shared-register.svelte',
		'lib/components/share/shared-framework.svelte'
	],
	homeData: ['routes/home-content.svelte']
};
/**
 * What the share-link page loads on demand before its share shows (a snapshot's reader, a live
 * share's document and peer layer): what these share with the other groups goes to `common` too.
 */
const OPEN_ON_DEMAND = ['lib/sync/received.ts', 'lib/sync/share-doc.ts', 'lib/sync/live.ts'];

/**
 * The pages a first visit opens with a first screen of their own (app.html), each with its
 * component, the catalog parts its first view shows (as routes/+layout.ts loads them), what it
 * loads on demand for some links before their view shows (a live link: the peer layer, which
 * it starts loading the moment it runs: app.html asks for it with the rest), and for such a link
 * the module app.html runs before the app starts (a live link: live-start.ts, which starts
 * connecting), under `start`.
 */
const FIRST_VIEWS = {
	'/': { page: ROOTS.home[0], catalogParts: ['start'], onDemand: {}, start: {} },
	'/open': {
		page: ROOTS.open[0],
		catalogParts: ['start', 'open'],
		onDemand: { live: ['lib/sync/live.ts', 'lib/sync/share-doc.ts', 'lib/sync/live-start.ts'] },
		start: { live: 'lib/sync/live-start.ts' }
	}
};
/** Every `start` module: each is a chunk of its own that only app.html imports. */
const STARTS = Object.values(FIRST_VIEWS).flatMap((view) => Object.values(view.start));
/**
 * The groups whose code runs as a first screen renders: each is compiled whole as it arrives, as
 * are the chunks of the start modules (a live link's peer layer).
 */
const RUN_ON_LOAD = ['shell', 'common', 'home', 'open'];
/** V8's explicit compile hint (Chromium 136+): compile every function of this file eagerly. */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** Where the client build leaves the first views' preloads for the adapter (beside its output). */
const preloadsFile = (/** @type {string} */ clientDir) =>
	`${clientDir}/../first-screen-preloads.json`;

/** @returns {import('vite').Plugin} */
export function firstScreenChunks() {
	/** @type {Record<string, Set<string>>} */
	const groups = Object.fromEntries(Object.keys(ROOTS).map((name) => [name, new Set()]));
	/** Every module a start module imports, itself included: all of it runs as the page loads. */
	/** @type {Set<string>} */
	let startModules = new Set();
	/** @type {ReturnType<typeof firstViewFiles>} */
	let preloads = {};
	return {
		name: 'koers-first-screen-chunks',
		apply: 'build',
		applyToEnvironment: (environment) => environment.name === 'client',
		buildStart() {
			for (const module of STARTS) this.emitFile({ type: 'chunk', id: `${src}${module}` });
		},
		buildEnd() {
			/**
			 * Every module `roots` import statically, directly or through others.
			 * @param {string[]} roots
			 */
			const closure = (roots) => {
				/** @type {Set<string>} */
				const seen = new Set();
				const queue = roots.map((root) => `${src}${root}`).filter((id) => this.getModuleInfo(id));
				for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
					if (seen.has(id)) continue;
					seen.add(id);
					queue.push(...(this.getModuleInfo(id)?.importedIds ?? []));
				}
				return seen;
			};
			const roots = /** @type {Record<keyof typeof ROOTS, Set<string>>} */ (
				Object.fromEntries(Object.entries(ROOTS).map(([name, ids]) => [name, closure(ids)]))
			);
			/** @param {Set<string>} a @param {Set<string>} b */
			const both = (a, b) => [...a].filter((id) => b.has(id));
			const shell = new Set([...roots.shell, ...both(roots.home, roots.open)]);
			// What the share-link page shares with any other group (schemas, valibot, pure rules):
			// a chunk of its own, so opening a link loads neither Dexie nor the notices' code.
			const others = [roots.data, roots.idle, roots.notices, roots.homeData];
			const openNeeds = new Set([...roots.open, ...closure(OPEN_ON_DEMAND)]);
			// What the start modules share with the share-link page: the rest of what they import
			// (the peer layer) stays in chunks of its own, which that page loads only for a live link.
			const starts = (startModules = closure(STARTS));
			const start = new Set([...starts].filter((id) => roots.open.has(id) && !shell.has(id)));
			const common = new Set(
				[...openNeeds].filter(
					(id) => !shell.has(id) && !start.has(id) && others.some((ids) => ids.has(id))
				)
			);
			const data = new Set(
				[...roots.data].filter((id) => !shell.has(id) && !start.has(id) && !common.has(id))
			);
			// The audit views' modules that the share-link page has anyway stay with it.
			const audit = new Set(
				[...roots.audit].filter(
					(id) => !shell.has(id) && !common.has(id) && !data.has(id) && !openNeeds.has(id)
				)
			);
			// What another group imports that the shell, the common part or the database's code
			// holds stays there.
			/** @type {Record<string, Set<string>>} */
			const shared = { shell, start, common, data, audit };
			for (const [name, ids] of Object.entries(roots))
				groups[name] =
					shared[name] ??
					new Set(
						[...ids].filter(
							(id) => !shell.has(id) && !start.has(id) && !common.has(id) && !data.has(id)
						)
					);
			// A start module waits for every chunk it imports, and a group's chunk may import the
			// shell: none of its modules may be in another group.
			const elsewhere = [...starts].filter((id) =>
				Object.entries(groups).some(([name, ids]) => name !== 'start' && ids.has(id))
			);
			if (elsewhere.length)
				this.error(`a start module imports what another group holds: ${elsewhere.join(', ')}`);
		},
		// Last of all plugins: V8's hint must be a file's first line, so it goes in once minifying
		// (which drops comments) and Vite's own additions at the top of a chunk are done.
		generateBundle: {
			order: 'post',
			handler(_, bundle) {
				for (const chunk of Object.values(bundle))
					if (
						chunk.type === 'chunk' &&
						chunk.moduleIds.some(
							(id) => startModules.has(id) || RUN_ON_LOAD.some((name) => groups[name]?.has(id))
						)
					)
						chunk.code = COMPILE_HINT + chunk.code;
				preloads = firstViewFiles(
					Object.values(bundle).filter((file) => file.type === 'chunk'),
					(id) => this.getModuleInfo(id)?.importedIds ?? []
				);
				// KOERS_CHUNK_REPORT=file writes each chunk's modules and imports, to see why a module is
				// in the first load.
				const file = process.env.KOERS_CHUNK_REPORT;
				if (!file) return;
				const chunks = Object.values(bundle)
					.filter((chunk) => chunk.type === 'chunk')
					.map((chunk) => ({
						file: chunk.fileName,
						name: chunk.name,
						imports: chunk.imports,
						dynamicImports: chunk.dynamicImports,
						modules: Object.fromEntries(
							Object.entries(chunk.modules).map(([id, m]) => [
								id,
								{ length: m.renderedLength, importers: this.getModuleInfo(id)?.importers ?? [] }
							])
						)
					}));
				writeFileSync(file, JSON.stringify(chunks, null, 1));
			}
		},
		writeBundle(options) {
			if (options.dir) writeFileSync(preloadsFile(options.dir), JSON.stringify(preloads));
		},
		outputOptions(options) {
			return {
				...options,
				// Highest priority first, so a group's dependencies already taken by the shell stay there.
				codeSplitting: {
					groups: Object.keys(groups).map((name, i) => ({
						name,
						test: (id) => groups[name]?.has(id) ?? false,
						priority: Object.keys(groups).length - i
					}))
				}
			};
		}
	};
}

/**
 * The files each first view needs beyond the app's entry (which SvelteKit's HTML asks for): its
 * page's route node and the root error node (SvelteKit's nodes 1), with all they import
 * statically and their stylesheets, under `all`; the catalog parts it shows under their language;
 * the files of what it loads on demand for a kind of link (not in `all`) under that kind.
 * @param {import('vite').Rollup.OutputChunk[]} chunks
 * @param {(id: string) => readonly string[]} importedIds
 * @returns {Record<string, Record<string, string[]>>}
 */
function firstViewFiles(chunks, importedIds) {
	const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
	/** The files of `chunk` and of all it imports statically, stylesheets included. */
	const closure = (/** @type {import('vite').Rollup.OutputChunk} */ chunk, seen = new Set()) => {
		if (seen.has(chunk.fileName)) return seen;
		seen.add(chunk.fileName);
		for (const css of chunk.viteMetadata?.importedCss ?? []) seen.add(css);
		for (const file of chunk.imports) {
			const imported = byFile.get(file);
			if (imported) closure(imported, seen);
		}
		return seen;
	};
	const node = (/** @type {(id: string) => boolean} */ test) => {
		const found = chunks.find(
			(chunk) =>
				chunk.facadeModuleId &&
				/\/nodes\/\d+\.js$/.test(chunk.facadeModuleId) &&
				test(chunk.facadeModuleId)
		);
		if (!found) throw new Error('first-screen preloads: a route node is missing from the build');
		return found;
	};
	const rootError = node((id) => id.endsWith('/nodes/1.js'));
	/** @type {Record<string, Record<string, string[]>>} */
	const views = {};
	for (const [path, { page, catalogParts, onDemand, start }] of Object.entries(FIRST_VIEWS)) {
		const leaf = node((id) => importedIds(id).includes(`${src}${page}`));
		const all = [...new Set([...closure(rootError), ...closure(leaf)])];
		/** @type {Record<string, string[]>} */
		const files = { all };
		for (const [kind, modules] of Object.entries(onDemand)) {
			const seen = new Set(all);
			for (const module of modules) {
				const chunk = chunks.find((c) => c.moduleIds.includes(`${src}${module}`));
				if (!chunk) throw new Error(`first-screen preloads: ${module} is missing from the build`);
				closure(chunk, seen);
			}
			files[kind] = [...seen].filter((file) => !all.includes(file));
		}
		for (const [kind, module] of Object.entries(start)) {
			const chunk = chunks.find((c) => c.facadeModuleId === `${src}${module}`);
			if (!chunk) throw new Error(`first-screen preloads: ${module} is missing from the build`);
			// The module first, then every file it imports, for app.html to ask for all at once.
			files[`${kind}Start`] = [...closure(chunk)];
		}
		for (const chunk of chunks) {
			const [locale, part] =
				chunk.facadeModuleId?.match(/^\0koers-catalog:(\w+)\/(\w+)$/)?.slice(1) ?? [];
			if (locale && part && catalogParts.includes(part))
				(files[locale] ??= []).push(chunk.fileName);
		}
		views[path] = files;
	}
	return views;
}

/**
 * Wraps a SvelteKit adapter: once it has written the app, the built HTML (`page`) gets the first
 * views' files (see firstViewFiles; those its own links already ask for left out), which its first
 * script asks for as soon as the first screen is painted (src/app.html), and its compressed copies
 * are made again.
 * @param {import('@sveltejs/kit').Adapter} adapter
 * @param {{ page: string }} options
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function withFirstScreenPreloads(adapter, { page }) {
	return {
		...adapter,
		async adapt(builder) {
			await adapter.adapt(builder);
			/** @type {Record<string, Record<string, string[]>>} */
			const views = JSON.parse(readFileSync(preloadsFile(builder.getClientDirectory()), 'utf8'));
			const html = readFileSync(page, 'utf8');
			const placeholder =
				/(<script type="application\/json" id="first-screen-preloads">)\s*\{\}\s*(<\/script>)/;
			if (!placeholder.test(html))
				throw new Error(`${page}: the first-screen preloads' placeholder is missing`);
			const base = builder.config.kit.paths.base;
			// What the app's boot template asks for as the app starts; a start module (FIRST_VIEWS) runs
			// before that, so its files are all listed.
			const asked = (/** @type {string} */ url) => html.includes(`href="${url}"`);
			// By the path the page has in the browser (location.pathname), under the app's base path.
			const urls = Object.fromEntries(
				Object.entries(views).map(([path, files]) => [
					path === '/' ? base || '/' : `${base}${path}`,
					Object.fromEntries(
						Object.entries(files).map(([key, names]) => [
							key,
							names
								.map((name) => `${base}/${name}`)
								.filter((url) => key.endsWith('Start') || !asked(url))
						])
					)
				])
			);
			const filled = html.replace(
				placeholder,
				(_, open, close) => open + JSON.stringify(urls).replace(/</g, '\\u003c') + close
			);
			writeFileSync(page, filled);
			writeFileSync(`${page}.gz`, gzipSync(filled, { level: 9 }));
			writeFileSync(
				`${page}.br`,
				brotliCompressSync(filled, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
			);
		}
	};
}
