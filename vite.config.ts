import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { compiledCatalogs } from './scripts/vite-plugin-catalogs.js';

export default defineConfig({
	plugins: [compiledCatalogs(), sveltekit()],
	build: { target: 'es2022' },
	test: {
		include: ['src/**/*.spec.ts'],
		environment: 'node',
		setupFiles: ['fake-indexeddb/auto'],
		reporters: ['default', 'json'],
		outputFile: { json: 'reports/unit.json' }
	}
});
