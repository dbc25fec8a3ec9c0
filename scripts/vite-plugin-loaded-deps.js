// A dynamic import's code runs only once every module it imports statically has run: so whatever
// the importing chunk imports statically (directly or through others) is loaded by then. Vite's
// preload helper still lists those files at each dynamic import, and for each one not yet seen
// looks through the document's links (or adds one) on the main thread, on a phone 4–40 ms per
// import. This plugin leaves them out: the helper asks only for files that may really be missing,
// and every stylesheet as before.

/** @returns {import('vite').Plugin} */
export function loadedDeps() {
	/** @type {Record<string, import('vite').Rollup.OutputChunk | import('vite').Rollup.OutputAsset>} */
	let bundle = {};
	/** @type {Map<string, Set<string>>} */
	const closures = new Map();

	/**
	 * The files `file` imports statically, directly or through others; undefined for a file that
	 * is not a chunk of the bundle being written.
	 * @param {string} file
	 */
	const staticClosure = (file) => {
		const cached = closures.get(file);
		if (cached) return cached;
		if (bundle[file]?.type !== 'chunk') return undefined;
		/** @type {Set<string>} */
		const seen = new Set();
		const queue = [...bundle[file].imports];
		for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
			if (seen.has(next)) continue;
			seen.add(next);
			const chunk = bundle[next];
			if (chunk?.type === 'chunk') queue.push(...chunk.imports);
		}
		closures.set(file, seen);
		return seen;
	};

	return {
		name: 'koers-loaded-deps',
		apply: 'build',
		config: () => ({
			build: {
				modulePreload: {
					// Only JavaScript files come here; Vite adds the stylesheets after.
					resolveDependencies: (_file, deps, { hostId, hostType }) => {
						const loaded = hostType === 'js' ? staticClosure(hostId) : undefined;
						return loaded ? deps.filter((dep) => !loaded.has(dep)) : deps;
					}
				}
			}
		}),
		// Before Vite's own handler, which fills in each dynamic import's list.
		generateBundle: {
			order: 'pre',
			handler(_, written) {
				bundle = written;
				closures.clear();
			}
		}
	};
}
