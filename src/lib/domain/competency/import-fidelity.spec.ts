import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '$lib/markdown/from-html';
import { competencyLabel, inTreeOrder, maharaStatusLevels } from './framework';
import { FrameworkImportError, parseCase, parseMaharaMatrix, plainLine } from './import';

const fixture = (name: string) =>
	readFileSync(`src/lib/domain/competency/fixtures/${name}`, 'utf8');
const statuses = maharaStatusLevels('en');

function refusal(run: () => unknown): string {
	try {
		run();
		return 'accepted';
	} catch (error) {
		if (!(error instanceof FrameworkImportError)) throw error;
		return [error.code, error.detail, error.missing].filter(Boolean).join(' | ');
	}
}

describe("Mahara's example matrix", () => {
	it('is read as Mahara reads it: the element listed twice kept once, children on it', async () => {
		const framework = parseMaharaMatrix(
			fixture('mahara-example.matrix'),
			statuses,
			await htmlToMarkdown()
		);
		const tree = inTreeOrder(framework.competencies).map(
			({ competency, depth }) => `${'  '.repeat(depth)}${competencyLabel(competency)}`
		);
		expect(tree).toEqual([
			'1 - Know the learners and how they learn',
			'  1.1 - Development of learners',
			'  1.2 - How learners learn',
			'    1.2.1 - Prior knowledge',
			'    1.2.2 - Feedback to learners',
			'Planning',
			'  Lesson plans'
		]);
		expect(new Set(framework.competencies.map((c) => c.id)).size).toBe(7);
	});

	it("uses the matrix's own evidence statuses, written as Mahara writes them", () => {
		const framework = parseMaharaMatrix(fixture('mahara-example.matrix'), statuses);
		expect(framework.levels.map((l) => l.name)).toEqual([
			'Ready for review',
			'Not yet shown',
			'Partly shown',
			'Shown'
		]);
		const matrix = JSON.parse(fixture('mahara-example.matrix'));
		matrix.framework.evidencestatuses = [{ completed: 'Done' }];
		const some = parseMaharaMatrix(JSON.stringify(matrix), maharaStatusLevels('nl'));
		expect(some.levels.map((l) => l.name)).toEqual([
			'Klaar voor beoordeling',
			'Voldoet niet aan de standaard',
			'Voldoet gedeeltelijk aan de standaard',
			'Done'
		]);
	});

	it('turns its HTML descriptions into Markdown, with no tags left', async () => {
		const framework = parseMaharaMatrix(
			fixture('mahara-example.matrix'),
			statuses,
			await htmlToMarkdown()
		);
		const texts = [framework.description, ...framework.competencies.map((c) => c.description)];
		for (const text of texts) expect(text).not.toMatch(/<\/?[a-z]+[^>]*>/i);
		expect(framework.description).toContain('**basic HTML**');
		expect(framework.description).toContain('[Mahara manual](https://manual.mahara.org/)');
		const development = framework.competencies.find((c) => c.title.startsWith('1.1'))!;
		expect(development.description).toBe(
			'Knows how learners develop:\n\n-   physically\n-   socially'
		);
	});

	it('does not name a competency twice when its short name is its name', () => {
		const framework = parseMaharaMatrix(fixture('mahara-example.matrix'), statuses);
		const planning = framework.competencies.find((c) => c.title === 'Planning')!;
		expect(planning.code).toBe('');
		expect(competencyLabel({ code: 'Leadership', title: 'Leadership' })).toBe('Leadership');
		expect(competencyLabel({ code: '1.1', title: '1.1 - Sub level' })).toBe('1.1 - Sub level');
		expect(competencyLabel({ code: 'A', title: 'Alpha' })).toBe('A Alpha');
		expect(competencyLabel({ code: '1', title: '1.1 Sub' })).toBe('1 1.1 Sub');
	});

	it("reads Mahara's older form, elements nested in their standard", () => {
		const matrix = JSON.parse(fixture('mahara-example.matrix'));
		const { standards, standardelements } = matrix.framework;
		delete matrix.framework.standardelements;
		standards[1].standardelement = standardelements
			.filter((e: { standardid: number }) => e.standardid === 2)
			.map(({ standardid: _s, elementid: _e, ...e }: Record<string, unknown>) => e);
		const framework = parseMaharaMatrix(JSON.stringify(matrix), statuses);
		const tree = inTreeOrder(framework.competencies).map(({ competency, depth }) =>
			`${'  '.repeat(depth)}${competency.title}`.slice(0, 14)
		);
		expect(tree).toEqual(['1 - Know the l', 'Planning', '  Lesson plans']);
	});

	it('keeps a standard listed twice once, and keys the same element id in two standards apart', () => {
		const matrix = JSON.parse(fixture('mahara-example.matrix'));
		matrix.framework.standards.push(matrix.framework.standards[0]);
		matrix.framework.standardelements.push({
			...matrix.framework.standardelements[0],
			standardid: 2,
			name: 'Also 1.1, in planning'
		});
		const framework = parseMaharaMatrix(JSON.stringify(matrix), statuses);
		expect(framework.competencies.filter((c) => c.id === 's1')).toHaveLength(1);
		const twin = framework.competencies.find((c) => c.title === 'Also 1.1, in planning')!;
		expect(twin.parentId).toBe('s2');
		expect(new Set(framework.competencies.map((c) => c.id)).size).toBe(
			framework.competencies.length
		);
	});

	it('refuses an element under a parent or standard that is not in the file, naming it', () => {
		const matrix = JSON.parse(fixture('mahara-example.matrix'));
		matrix.framework.standardelements[2].parentelementid = '9.9';
		expect(refusal(() => parseMaharaMatrix(JSON.stringify(matrix), statuses))).toBe(
			'parentMissing | 1.2.1 - Prior knowledge | 9.9'
		);
		const other = JSON.parse(fixture('mahara-example.matrix'));
		other.framework.standardelements[5].standardid = 7;
		expect(refusal(() => parseMaharaMatrix(JSON.stringify(other), statuses))).toBe(
			'parentMissing | Lesson plans | standard 7'
		);
	});
});

describe('CASE fidelity', () => {
	const pkg = () => JSON.parse(fixture('case-package.json'));

	it('refuses an isChildOf that points at an item not in the file, naming the child', () => {
		const broken = pkg();
		const association = broken.CFAssociations.find(
			(a: { originNodeURI: { identifier: string } }) =>
				a.originNodeURI.identifier === '11111111-0000-4000-8000-000000000005'
		);
		association.destinationNodeURI.identifier = '99999999-0000-4000-8000-000000000009';
		expect(refusal(() => parseCase(JSON.stringify(broken), []))).toBe(
			'parentMissing | 2.1 Medicatieveiligheid | 99999999-0000-4000-8000-000000000009'
		);
	});

	it('keeps an isChildOf the document at the top level', () => {
		const framework = parseCase(fixture('case-package.json'), []);
		expect(framework.competencies.filter((c) => c.parentId === null)).toHaveLength(2);
	});

	it('keeps a Markdown statement for rendering and takes a plain title from it', () => {
		const md = pkg();
		md.CFItems[1].fullStatement =
			'Draagt de zorg **volledig** over volgens [SBAR](https://example.org/sbar).\n\n- Situatie\n- Achtergrond';
		const framework = parseCase(JSON.stringify(md), []);
		const item = framework.competencies.find((c) => c.code === '1.2')!;
		expect(item.title).toBe('Draagt de zorg volledig over volgens SBAR.');
		expect(item.description).toBe(md.CFItems[1].fullStatement);
		expect(plainLine('## _Veilig_ werken')).toBe('Veilig werken');
	});
});
