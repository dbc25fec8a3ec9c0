import { describe, expect, it } from 'vitest';
import { exampleFramework } from './examples';
import { competencyKey, type Framework } from './framework';
import {
	competencyStatus,
	coverage,
	growth,
	type Assessment,
	type CompetencyLink
} from './progress';

const framework: Framework = {
	...exampleFramework('professional-skills', 'en'),
	id: 'f',
	createdAt: '',
	updatedAt: ''
};
const key = (id: string) => competencyKey('f', id);
const link = (
	competency: string,
	recordId: string,
	recordKind: 'goal' | 'evidence' = 'evidence'
): CompetencyLink => ({
	id: `${competency}-${recordId}`,
	frameworkId: 'f',
	competencyId: competency,
	competency: key(competency),
	recordKind,
	recordId,
	createdAt: ''
});
const rate = (
	competency: string,
	date: string,
	levelId: string,
	kind: 'self' | 'entry' = 'self'
): Assessment => ({
	id: `${competency}-${date}-${kind}`,
	frameworkId: 'f',
	competencyId: competency,
	competency: key(competency),
	kind,
	date,
	levelId,
	note: '',
	createdAt: date,
	updatedAt: date
});

describe('competency progress', () => {
	it('collects the evidence and goals behind each competency and the latest rating', () => {
		const status = competencyStatus(
			framework,
			[link('C1', 'e1'), link('C1', 'e2'), link('C1', 'g1', 'goal'), link('X9', 'e3')],
			[rate('C1', '2026-05-01', 'l3'), rate('C1', '2026-01-01', 'l1')]
		);
		expect(status.get(key('C1'))).toMatchObject({
			evidenceIds: ['e1', 'e2'],
			goalIds: ['g1'],
			level: 2,
			mastered: false,
			depth: 1
		});
		expect(status.get(key('C'))).toMatchObject({ depth: 0, level: null });
	});

	it('counts coverage: with evidence, mastered at entry, and what is still uncovered', () => {
		const status = competencyStatus(
			framework,
			[link('C1', 'e1')],
			[rate('C2', '2026-01-01', 'l4', 'entry')]
		);
		const result = coverage(status);
		expect(result.total).toBe(17);
		expect(result.withEvidence).toBe(1);
		expect(result.mastered).toBe(1);
		expect(result.uncovered).toHaveLength(15);
		expect(result.uncovered).not.toContain(key('C1'));
		expect(result.uncovered).not.toContain(key('C2'));
	});

	it('shows goal links as planned, without counting them as covered', () => {
		const status = competencyStatus(
			framework,
			[link('C1', 'g1', 'goal'), link('C2', 'g1', 'goal'), link('C2', 'e1')],
			[rate('C3', '2026-01-01', 'l4', 'entry'), rate('C3', '2026-01-01', 'l4', 'entry')]
		);
		const result = coverage(status);
		expect(result.withEvidence).toBe(1);
		expect(result.planned).toBe(1);
		expect(result.uncovered).toContain(key('C1'));
	});

	it('shows growth over time, the coach’s ratings beside the learner’s', () => {
		const points = growth(
			framework,
			key('S3'),
			[
				rate('S3', '2026-06-01', 'l3'),
				rate('S3', '2026-01-15', 'l1'),
				rate('C1', '2026-02-01', 'l2')
			],
			[{ competency: key('S3'), date: '2026-03-01', levelId: 'l2', author: 'Coach' }]
		);
		expect(points.map((p) => [p.date, p.level, p.by])).toEqual([
			['2026-01-15', 0, 'self'],
			['2026-03-01', 1, 'coach'],
			['2026-06-01', 2, 'self']
		]);
	});
});
