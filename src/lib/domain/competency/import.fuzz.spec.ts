import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ, FuzzTally, mutatedBytes, mutatedJson } from '$lib/testing/hostile';
import { defaultLevels, levelProblem, treeProblem } from './framework';
import {
	FrameworkImportError,
	parseCase,
	parseCompetencyCsv,
	parseMaharaMatrix,
	type FrameworkDraft
} from './import';

const fixture = (name: string) =>
	readFileSync(`src/lib/domain/competency/fixtures/${name}`, 'utf8');
const levels = defaultLevels('en');
const CSV = [
	'code,title,description,parent',
	'1,Communicatie,Met zorgvragers,',
	'1.1,Gesprek,"Luisteren, samenvatten",1',
	'2,Samenwerken,,'
].join('\n');

/** Runs an importer on every input: a typed refusal or a framework that is sound. */
async function fuzz(
	name: string,
	inputs: fc.Arbitrary<string>,
	parse: (t: string) => FrameworkDraft
) {
	const tally = new FuzzTally(name);
	await fc.assert(
		fc.asyncProperty(inputs, (text) =>
			tally.time(async () => {
				try {
					const draft = parse(text);
					expect(treeProblem(draft.competencies)).toBeNull();
					expect(levelProblem(draft.levels)).toBeNull();
					tally.accepted++;
				} catch (error) {
					if (!(error instanceof FrameworkImportError)) throw error;
					tally.refuse(error.code);
				}
			})
		),
		FUZZ
	);
	await tally.save();
	expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
}

const asText = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const encode = (text: string) => new TextEncoder().encode(text);

describe('competency framework imports, fuzzed', () => {
	it(
		'CASE: every mutated package is refused with a reason or read as a sound framework',
		() =>
			fuzz(
				'case',
				fc.oneof(
					mutatedJson([JSON.parse(fixture('case-package.json'))]),
					mutatedBytes([encode(fixture('case-package.json'))]).map(asText)
				),
				(text) => parseCase(text, levels)
			),
		60_000
	);

	it(
		'SmartEvidence: every mutated matrix is refused with a reason or read soundly',
		() =>
			fuzz(
				'smartevidence',
				fc.oneof(
					mutatedJson([JSON.parse(fixture('smartevidence.matrix'))]),
					mutatedBytes([encode(fixture('smartevidence.matrix'))]).map(asText)
				),
				(text) => parseMaharaMatrix(text, levels)
			),
		60_000
	);

	it(
		'competency CSV: every mutated file is refused with a reason or read soundly',
		() =>
			fuzz('competency-csv', mutatedBytes([encode(CSV)]).map(asText), (text) =>
				parseCompetencyCsv(text, 'kader.csv', levels)
			),
		60_000
	);
});
