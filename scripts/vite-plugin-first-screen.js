// Groups the JavaScript of the first screens into a few chunks, so a first visit on a phone
// fetches a handful of files instead of fifty small ones (each a round trip on a slow network,
// six at a time over HTTP/1.1). What a first screen does not import statically (other routes,
// the sync code, workbox-window, the nudges) keeps Rollup's own chunks and loads later.
//   shell: the root layout and the client hooks with all they import (Svelte, SvelteKit's
//          client, Dexie, the layout's state), plus what the start page and the share-link
//          page both import;
//   idle:  what the layout loads once the page is idle (publishing live shares, reminders);
//   home:  the rest of the start page;   open: the rest of the page that opens a share link.
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const ROOTS = {
	shell: ['routes/+layout.svelte', 'routes/+layout.ts', 'hooks.client.ts'],
	idle: ['lib/state/share-hub.svelte.ts', 'lib/state/nudges.svelte.ts'],
	home: ['routes/+page.svelte'],
	open: ['routes/open/+page.svelte']
};

/** @returns {import('vite').Plugin} */
export function firstScreenChunks() {
	/** @type {Record<string, Set<string>>} */
	const groups = { shell: new Set(), idle: new Set(), home: new Set(), open: new Set() };
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
			const shell = closure(ROOTS.shell);
			const home = closure(ROOTS.home);
			const open = closure(ROOTS.open);
			for (const id of home) if (open.has(id)) shell.add(id);
			const idle = new Set([...closure(ROOTS.idle)].filter((id) => !shell.has(id)));
			/** @param {Set<string>} ids */
			const rest = (ids) => new Set([...ids].filter((id) => !shell.has(id) && !idle.has(id)));
			Object.assign(groups, { shell, idle, home: rest(home), open: rest(open) });
		},
		outputOptions(options) {
			return {
				...options,
				// Highest priority first, so a group's dependencies already taken by the shell stay there.
				codeSplitting: {
					groups: Object.keys(groups).map((name, i) => ({
						name,
						test: (id) => groups[name]?.has(id) ?? false,
						priority: 4 - i
					}))
				}
			};
		}
	};
}
