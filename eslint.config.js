import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const DATABASE = ['$lib/db', '$lib/db/*', 'dexie', 'y-indexeddb'];
const PEERS = ['$lib/sync', '$lib/sync/*', 'yjs', 'y-protocols', 'y-protocols/*'];
const UI = ['$lib/state', '$lib/state/*', '$lib/components', '$lib/components/*', '$app/*'];

/** Forbids `patterns` in `files`, saying which layer rule it breaks. */
function forbid(files, patterns, message, ignores = []) {
	return {
		files,
		ignores,
		rules: {
			'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }]
		}
	};
}

/** The import rules of the layers, enforced rather than described. */
function layerRules() {
	return [
		forbid(
			['src/routes/**', 'src/lib/components/**'],
			[...DATABASE, ...PEERS],
			'Pages and components render state and call actions: import from $lib/state instead.'
		),
		{
			// The same for code loaded on demand, which no-restricted-imports does not see.
			files: ['src/routes/**', 'src/lib/components/**'],
			rules: {
				'no-restricted-syntax': [
					'error',
					{
						selector: 'ImportExpression[source.value=/^(\\$lib\\/(db|sync)|dexie|yjs|y-)/]',
						message: 'Pages and components load state, not the database or the peer layer.'
					}
				]
			}
		},
		forbid(
			['src/lib/domain/**'],
			[
				'$lib/*',
				'!$lib/domain',
				'!$lib/domain/*',
				'!$lib/testing/*',
				'dexie',
				'yjs',
				'svelte',
				'svelte/*',
				'$app/*'
			],
			'The domain is pure rules: it imports only the domain.',
			['src/lib/domain/**/*.spec.ts']
		),
		forbid(
			['src/lib/db/**'],
			[...PEERS, ...UI, '$lib/export', '$lib/export/*'],
			'The database layer imports only the domain.'
		),
		forbid(
			['src/lib/sync/**'],
			[...UI, 'dexie'],
			'The peer layer imports no state or components, and reads the database through $lib/db.'
		),
		forbid(
			['src/lib/export/**'],
			[...UI, ...PEERS, 'dexie'],
			'Files in and out read and write through $lib/db; they import no state, components or peers.'
		),
		forbid(
			['src/lib/media/**', 'src/lib/markdown/**', 'src/lib/charts/**', 'src/lib/i18n/**'],
			['$lib/*', '!$lib/domain', '!$lib/domain/*', '!$lib/testing/*', 'dexie', 'yjs'],
			'Recording, Markdown, charts and messages import only the domain.'
		),
		forbid(
			['src/lib/state/**'],
			['dexie', 'y-indexeddb', '$lib/components', '$lib/components/*'],
			'State reads the database through $lib/db and renders nothing.'
		)
	];
}

export default ts.config(
	{
		ignores: ['build/', '.koers-out/', '.svelte-kit/', 'node_modules/', 'test-results/', 'reports/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }
			],
			'no-undef': 'off',
			// goto() targets come from helpers that call resolve(); links are still checked.
			'svelte/no-navigation-without-resolve': ['error', { ignoreGoto: true }]
		}
	},
	// The layers (README, "How the code is laid out"): each folder imports only the ones below it.
	...layerRules(),
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		files: ['**/*.js'],
		...ts.configs.disableTypeChecked
	},
	{
		// SvelteKit keeps the service worker out of the app's tsconfig (it has its own lib).
		files: ['src/service-worker.ts'],
		...ts.configs.disableTypeChecked,
		languageOptions: { parserOptions: { projectService: false } }
	}
);
