// Groups the JavaScript of the first screens into a few chunks, so a first visit on a phone
// fetches a handful of files instead of fifty small ones (each a round trip on a slow network,
// six at a time over HTTP/1.1). What no group takes (other routes, the sync code, workbox-window)
// keeps Rollup's own chunks and loads later.
//   shell:   the root layout and the client hooks with all they import (Svelte, SvelteKit's
//            client, the messages' runtime, the layout's state), plus what the start page and the
//            share-link page both import; no database code, so a first visit paints without it;
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
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const ROOTS = {
	shell: ['routes/+layout.svelte', 'routes/+layout.ts', 'hooks.client.ts'],
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

/** @returns {import('vite').Plugin} */
export function firstScreenChunks() {
	/** @type {Record<string, Set<string>>} */
	const groups = Object.fromEntries(Object.keys(ROOTS).map((name) => [name, new Set()]));
	return {
		name: 'koers-first-screen-chunks',
		apply: 'build',
		applyToEnvironment: (environment) => environment.name === 'client',
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
			const common = new Set(
				[...openNeeds].filter((id) => !shell.has(id) && others.some((ids) => ids.has(id)))
			);
			const data = new Set([...roots.data].filter((id) => !shell.has(id) && !common.has(id)));
			// The audit views' modules that the share-link page has anyway stay with it.
			const audit = new Set(
				[...roots.audit].filter(
					(id) => !shell.has(id) && !common.has(id) && !data.has(id) && !openNeeds.has(id)
				)
			);
			// What another group imports that the shell, the common part or the database's code
			// holds stays there.
			/** @type {Record<string, Set<string>>} */
			const shared = { shell, common, data, audit };
			for (const [name, ids] of Object.entries(roots))
				groups[name] =
					shared[name] ??
					new Set([...ids].filter((id) => !shell.has(id) && !common.has(id) && !data.has(id)));
		},
		// KOERS_CHUNK_REPORT=file writes each chunk's modules and imports, to see why a module is
		// in the first load.
		generateBundle(_, bundle) {
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
