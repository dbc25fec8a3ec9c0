import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js, checked on files that break them: `npm test` runs lint,
// so a page that imports the database fails the build. Type information is not needed here.
const LAYER_RULES = ['no-restricted-imports', 'no-restricted-syntax'];
const eslint = new ESLint({
	overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
	ruleFilter: ({ ruleId }) => LAYER_RULES.includes(ruleId)
});

/** The layer-rule messages ESLint gives for `code` placed at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? [])
		.filter((message) => LAYER_RULES.includes(message.ruleId ?? ''))
		.map((message) => message.message);
}

const probe = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;

describe('layer rules', { timeout: 60_000 }, () => {
	it('allow what each layer may import (control)', async () => {
		expect(await layerErrors('src/routes/probe.ts', probe('$lib/state/goals.svelte'))).toEqual([]);
		expect(await layerErrors('src/lib/db/probe.ts', probe('$lib/domain/goal'))).toEqual([]);
		expect(await layerErrors('src/lib/sync/probe.ts', probe('$lib/db/shares'))).toEqual([]);
	});

	it.each([
		['src/routes/probe.ts', '$lib/db/goals'],
		['src/routes/goals/probe.ts', 'dexie'],
		['src/lib/components/probe.ts', '$lib/db/koers-db'],
		['src/lib/components/probe.ts', '$lib/sync/live'],
		['src/lib/domain/probe.ts', '$lib/db/goals'],
		['src/lib/domain/probe.ts', '$lib/state/toasts.svelte'],
		['src/lib/db/probe.ts', '$lib/sync/live'],
		['src/lib/db/probe.ts', '$lib/state/toasts.svelte'],
		['src/lib/sync/probe.ts', '$lib/state/share-hub.svelte'],
		['src/lib/sync/probe.ts', '$lib/components/icon.svelte'],
		['src/lib/state/probe.ts', 'dexie']
	])('refuse %s importing %s', async (file, from) => {
		expect(await layerErrors(file, probe(from))).toHaveLength(1);
	});

	it('refuse a page loading the database on demand', async () => {
		const code = `export const load = () => import('$lib/db/wipe');\n`;
		expect(await layerErrors('src/routes/probe.ts', code)).toHaveLength(1);
		const allowed = `export const load = () => import('$lib/state/data.svelte');\n`;
		expect(await layerErrors('src/routes/probe.ts', allowed)).toEqual([]);
	});
});
