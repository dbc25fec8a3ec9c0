import { readFileSync } from 'node:fs';
import { i18n } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import { START_AREAS } from '../../../scripts/vite-plugin-catalogs.js';
import en from './catalogs/en.json';
import { loadCatalog } from './index';

/** What the first screen and the app's frame render before the rest of the messages load. */
const FIRST_SCREEN = [
	'routes/+layout.svelte',
	'routes/+page.svelte',
	'lib/components/app-nav.svelte',
	'lib/components/toast-region.svelte',
	'lib/components/update-banner.svelte',
	'lib/components/db-upgrade-banner.svelte',
	'lib/components/page-header.svelte',
	'lib/components/empty-state.svelte',
	'lib/state/action.ts'
];

describe('catalog parts', () => {
	it('hold every message of the first screen and the frame in the start part', () => {
		const keys = FIRST_SCREEN.flatMap((file) => [
			...readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8').matchAll(
				/\bt\('([\w.]+)'/g
			)
		]).map((match) => match[1]!);
		expect(keys).toContain('nav.home');
		for (const key of keys) {
			expect(Object.keys(en), key).toContain(key);
			expect(START_AREAS, key).toContain(key.split('.')[0]);
		}
	});

	it('load the start part alone, then the rest', async () => {
		await loadCatalog('nl', ['start']);
		i18n.activate('nl');
		expect(i18n._('nav.home')).not.toBe('nav.home');
		expect(i18n._('pe.title')).toBe('pe.title');
		await loadCatalog('nl', ['rest']);
		expect(i18n._('pe.title')).not.toBe('pe.title');
		expect(i18n._('nav.home')).not.toBe('nav.home');
	});
});
