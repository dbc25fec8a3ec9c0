import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { i18n } from '@lingui/core';
import { describe, expect, it } from 'vitest';
import { AUDIT_AREAS, OPEN_AREAS, START_AREAS } from '../../../scripts/vite-plugin-catalogs.js';
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
		expect(i18n._('devices.title')).toBe('devices.title');
		await loadCatalog('nl', ['rest']);
		expect(i18n._('devices.title')).not.toBe('devices.title');
		expect(i18n._('nav.home')).not.toBe('nav.home');
	});

	it('hold every message an opened share link shows in the start and open parts', () => {
		const files = new Set<string>();
		// The open route's modules with all they import, also on demand (but for the views of PE
		// registers and frameworks, which load their own part); the app's frame with what it
		// imports statically (what it loads later loads all messages first, +layout.svelte).
		for (const file of readdirSync(join(SRC, 'routes/open')).filter(
			(name) => !name.includes('.spec.')
		))
			importGraph(join(SRC, 'routes/open', file), true, files, [AUDIT_VIEWS]);
		importGraph(join(SRC, 'routes/+layout.svelte'), false, files);
		const areas = areasShown(files);
		expect(areas).toContain('share');
		expect(areas).toContain('nav');
		const loaded = [...START_AREAS, ...OPEN_AREAS];
		expect(areas.filter((area) => !loaded.includes(area))).toEqual([]);
	});

	it('hold every message of a share’s PE registers and frameworks in the parts loaded with them', () => {
		const files = new Set<string>();
		importGraph(AUDIT_VIEWS, true, files);
		const areas = areasShown(files);
		expect(areas).toContain('pe');
		expect(areas).toContain('competency');
		const loaded = [...START_AREAS, ...OPEN_AREAS, ...AUDIT_AREAS];
		expect(areas.filter((area) => !loaded.includes(area))).toEqual([]);
	});

	it('load the open part for an opened link, the audit part with its views, then the rest', async () => {
		await loadCatalog('en', ['start', 'open']);
		i18n.activate('en');
		expect(i18n._('share.error.changedLink')).not.toBe('share.error.changedLink');
		expect(i18n._('pe.title')).toBe('pe.title');
		await loadCatalog('en', ['audit']);
		expect(i18n._('pe.title')).not.toBe('pe.title');
		expect(i18n._('devices.title')).toBe('devices.title');
		await loadCatalog('en', ['rest']);
		expect(i18n._('devices.title')).not.toBe('devices.title');
	});
});

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const AUDIT_VIEWS = join(SRC, 'lib/components/share/audit-views.ts');

/** The message areas (key prefixes) that `files` show with `t('area.…')`. */
function areasShown(files: Set<string>): string[] {
	const areas = new Set<string>();
	for (const file of files)
		for (const [, area] of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['`](\w+)\./g))
			areas.add(area!);
	return [...areas];
}

/**
 * Adds `file` and the app modules it imports (on demand too, if `dynamic`, but not what the
 * modules in `lazy` import on demand) to `into`.
 */
function importGraph(
	file: string,
	dynamic: boolean,
	into: Set<string>,
	lazy: readonly string[] = []
): void {
	if (into.has(file)) return;
	into.add(file);
	const text = readFileSync(file, 'utf8');
	const imports =
		/^\s*import\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
	for (const [whole, statically, onDemand] of text.matchAll(imports)) {
		if (whole.includes('import(') && (!dynamic || lazy.includes(file))) continue;
		const spec = (statically ?? onDemand)!;
		const base = spec.startsWith('$lib/')
			? join(SRC, 'lib', spec.slice(5))
			: spec.startsWith('.')
				? normalize(join(dirname(file), spec))
				: undefined;
		if (!base) continue;
		const found = ['', '.ts', '.svelte', '/index.ts', '.svelte.ts']
			.map((ending) => base + ending)
			.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
		if (found) importGraph(found, dynamic, into, lazy);
	}
}
