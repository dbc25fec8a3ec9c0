// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ForeignFileError } from '$lib/domain/foreign/bundle';
import { FUZZ, FuzzTally, mutatedBytes } from '$lib/testing/hostile';
import { openForeign } from './foreign-import';

const xml = readFileSync('src/lib/domain/foreign/fixtures/leap2a.xml');
const png = new Uint8Array(70).map((_, i) => i);
const entries = { 'leap2a.xml': xml, 'files/whiteboard-sbar.png': png };
const stored = zipSync(
	Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, [v, { level: 0 }]]))
);
const deflated = zipSync(entries);
/** An entry listed twice: a second leap2a.xml entry element. */
const twice = strToU8(xml.toString().replace(/(<entry>[\s\S]*?<\/entry>)/, '$1$1'));

describe('LEAP2A import, fuzzed', { timeout: 60_000 }, () => {
	it('refuses every mutated export (ZIP or XML) with a reason, or reads it', async () => {
		const tally = new FuzzTally('leap2a');
		const inputs = fc.oneof(
			mutatedBytes([stored, deflated]).map((bytes) => ({ name: 'export.zip', bytes })),
			mutatedBytes([new Uint8Array(xml), twice]).map((bytes) => ({ name: 'leap2a.xml', bytes }))
		);
		await fc.assert(
			fc.asyncProperty(inputs, ({ name, bytes }) =>
				tally.time(async () => {
					try {
						const opened = await openForeign(new File([bytes as BlobPart], name), {
							toMarkdown: async () => (html) => html,
							badgeLabel: (key) => key
						});
						const ids = [
							...opened.bundle.goals,
							...opened.bundle.evidence,
							...opened.bundle.reflections
						];
						expect(new Set(ids.map((r) => r.id)).size).toBe(ids.length);
						await opened.close();
						tally.accepted++;
					} catch (error) {
						if (!(error instanceof ForeignFileError)) throw error;
						tally.refuse(error.code);
					}
				})
			),
			FUZZ
		);
		await tally.save();
		expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
	});
});
