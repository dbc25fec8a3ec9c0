import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { compiledCatalogs } from './scripts/vite-plugin-catalogs.js';
import { firstScreenChunks } from './scripts/vite-plugin-first-screen.js';
import { loadedDeps } from './scripts/vite-plugin-loaded-deps.js';

/** The signaling server peers meet on; `npm start` runs one on loopback. */
const signaling = process.env.KOERS_SIGNALING ?? 'ws://127.0.0.1:4444';

export default defineConfig({
	plugins: [compiledCatalogs(), sveltekit(), firstScreenChunks(), loadedDeps()],
	define: {
		__KOERS_SIGNALING__: JSON.stringify(signaling),
		__KOERS_ICE_SERVERS__: JSON.stringify(process.env.KOERS_ICE_SERVERS ?? '')
	},
	build: { target: 'es2022' },
	test: {
		environment: 'node',
		setupFiles: ['fake-indexeddb/auto'],
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'signaling/**/*.spec.js'],
					exclude: ['src/**/*.svelte.spec.ts']
				}
			},
			{
				// State classes run their effects as in the browser (Svelte's client build).
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'state',
					include: ['src/**/*.svelte.spec.ts'],
					environment: './src/lib/testing/client-environment.ts'
				}
			}
		],
		benchmark: { include: ['bench/**/*.bench.ts'] },
		reporters: ['default', 'json'],
		outputFile: { json: 'reports/unit.json' }
	}
});
