import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleFramework, EXAMPLE_IDS } from './examples';
import { defaultLevels, inTreeOrder, treeProblem } from './framework';
import { FrameworkImportError, parseCase, parseCompetencyCsv, parseMaharaMatrix } from './import';

const fixture = (name: string) =>
	readFileSync(`src/lib/domain/competency/fixtures/${name}`, 'utf8');
const levels = defaultLevels('en');

function refusal(run: () => unknown): string {
	try {
		run();
		return 'accepted';
	} catch (error) {
		return (error as FrameworkImportError).code;
	}
}

describe('CASE 1.1 import', () => {
	it('builds the tree from isChildOf associations, in sequence order, with the rubric levels', () => {
		const framework = parseCase(fixture('case-package.json'), levels);
		expect(framework.title).toBe('Beroepscompetenties verpleegkundige');
		expect(framework.sourceId).toBe('c5d9f6a2-3b1e-4e8a-9f0c-1a2b3c4d5e6f');
		const tree = inTreeOrder(framework.competencies).map(
			({ competency, depth }) => `${'  '.repeat(depth)}${competency.code} ${competency.title}`
		);
		expect(tree).toEqual([
			'1 Communicatie',
			'  1.1 Gesprek met de zorgvrager',
			'  1.2 Draagt de zorg over volgens SBAR, volledig en beknopt.',
			'2 Veilig werken',
			'  2.1 Medicatieveiligheid'
		]);
		expect(framework.levels.map((l) => l.name)).toEqual([
			'Onder begeleiding',
			'Met ondersteuning',
			'Zelfstandig'
		]);
		expect(framework.competencies[0]!.description).toContain('communiceert doelgericht');
	});

	it('also reads a package wrapped in {"CFPackage": …} and falls back to default levels', () => {
		const pkg = JSON.parse(fixture('case-package.json'));
		delete pkg.CFRubrics;
		const framework = parseCase(JSON.stringify({ CFPackage: pkg }), levels);
		expect(framework.competencies).toHaveLength(5);
		expect(framework.levels).toEqual(levels);
	});

	it('refuses what is not CASE, broken JSON and a tree with a cycle', () => {
		expect(refusal(() => parseCase('{"CFDocument": ', levels))).toBe('notJson');
		expect(refusal(() => parseCase('{"hello": 1}', levels))).toBe('notCase');
		const pkg = JSON.parse(fixture('case-package.json'));
		// Make "Communicatie" a child of its own child.
		pkg.CFAssociations[0].destinationNodeURI.identifier = '11111111-0000-4000-8000-000000000002';
		expect(refusal(() => parseCase(JSON.stringify(pkg), levels))).toBe('tree');
	});
});

describe('Mahara SmartEvidence import', () => {
	it('makes standards and their elements a tree, and the evidence statuses its levels', () => {
		const framework = parseMaharaMatrix(fixture('smartevidence.matrix'), levels);
		const tree = inTreeOrder(framework.competencies).map(
			({ competency, depth }) => `${'  '.repeat(depth)}${competency.code}`
		);
		expect(tree).toEqual(['A', '  A.1', '    A.1.a', 'B', '  B.1']);
		expect(framework.levels.map((l) => l.name)).toEqual([
			'Klaar voor beoordeling',
			'Voldoet niet',
			'Voldoet gedeeltelijk',
			'Voldoet'
		]);
	});

	it('refuses a file without a framework and an element whose parent does not exist', () => {
		expect(refusal(() => parseMaharaMatrix('{"standards": []}', levels))).toBe('notMatrix');
		const matrix = JSON.parse(fixture('smartevidence.matrix'));
		matrix.framework.standardelements[1].parentelementid = 99;
		expect(refusal(() => parseMaharaMatrix(JSON.stringify(matrix), levels))).toBe('parentMissing');
	});
});

describe('CSV import', () => {
	it('reads code, title, description and parent code, with Dutch headers too', () => {
		const csv =
			'Code;Titel;Omschrijving;Bovenliggende code\nK1;Kennis;;\nK1.1;Anatomie;Bouw van het lichaam;K1\n';
		const framework = parseCompetencyCsv(csv, 'mijn-kader.csv', levels);
		expect(framework.title).toBe('mijn-kader');
		expect(framework.competencies).toEqual([
			{ id: 'K1', code: 'K1', title: 'Kennis', description: '', parentId: null },
			{
				id: 'K1.1',
				code: 'K1.1',
				title: 'Anatomie',
				description: 'Bouw van het lichaam',
				parentId: 'K1'
			}
		]);
	});

	it('names the row that is wrong, and refuses unknown parents and missing columns', () => {
		expect(refusal(() => parseCompetencyCsv('code,title\nA,One\nA,Again\n', 'x', levels))).toBe(
			'csvRow'
		);
		try {
			parseCompetencyCsv('code,title\nA,One\n,Nameless\n', 'x', levels);
		} catch (error) {
			expect((error as FrameworkImportError).detail).toBe('3');
		}
		expect(refusal(() => parseCompetencyCsv('code,title,parent\nA,One,Z\n', 'x', levels))).toBe(
			'parentMissing'
		);
		expect(refusal(() => parseCompetencyCsv('name,notes\nA,B\n', 'x', levels))).toBe('csvColumns');
		expect(refusal(() => parseCompetencyCsv('code,title\n', 'x', levels))).toBe('csvEmpty');
	});
});

describe('example frameworks', () => {
	it('are sound trees in both languages', () => {
		for (const id of EXAMPLE_IDS) {
			for (const locale of ['en', 'nl'] as const) {
				const framework = exampleFramework(id, locale);
				expect(treeProblem(framework.competencies)).toBeNull();
				expect(framework.source).toBe('example');
			}
		}
		expect(exampleFramework('professional-skills', 'nl').competencies[1]!.title).toBe(
			'Feedback geven en ontvangen'
		);
	});
});
