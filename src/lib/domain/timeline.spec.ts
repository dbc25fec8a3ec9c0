import { describe, expect, it } from 'vitest';
import { activeGoals, evidenceCountByGoal, needsAttention } from './attention';
import { buildTimeline } from './timeline';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';

describe('buildTimeline', () => {
	it('orders a goal’s evidence and the reflections on it and on that evidence by date', () => {
		const report = makeEvidence({ goalIds: ['g'], date: '2026-02-10' });
		const other = makeEvidence({ goalIds: ['h'], date: '2026-02-11' });
		const entries = buildTimeline(
			'g',
			[report, other],
			[
				makeReflection({ subjectId: 'g', date: '2026-03-01' }),
				makeReflection({ subjectKind: 'evidence', subjectId: report.id, date: '2026-02-12' }),
				makeReflection({ subjectKind: 'evidence', subjectId: other.id, date: '2026-02-13' }),
				makeReflection({ subjectId: 'g', date: '2026-01-05' })
			]
		);
		expect(entries.map((e) => `${e.kind}@${e.date}`)).toEqual([
			'reflection@2026-01-05',
			'evidence@2026-02-10',
			'reflection@2026-02-12',
			'reflection@2026-03-01'
		]);
	});
});

describe('needsAttention', () => {
	it('lists open goals past their date and open goals without evidence', () => {
		const late = makeGoal({ title: 'late', targetDate: '2026-01-01' });
		const fine = makeGoal({ title: 'fine', targetDate: '2026-12-01' });
		const done = makeGoal({ title: 'done', targetDate: '2026-01-01', status: 'achieved' });
		const result = needsAttention(
			[late, fine, done],
			[makeEvidence({ goalIds: [fine.id] })],
			'2026-06-01'
		);
		expect(result.overdue.map((g) => g.title)).toEqual(['late']);
		expect(result.withoutEvidence.map((g) => g.title)).toEqual(['late']);
	});
});

describe('activeGoals and evidenceCountByGoal', () => {
	it('puts the nearest target first and counts evidence per goal', () => {
		const a = makeGoal({ title: 'a', targetDate: '2026-09-01' });
		const b = makeGoal({ title: 'b', targetDate: '2026-04-01' });
		const c = makeGoal({ title: 'c', status: 'planned' });
		expect(activeGoals([a, b, c]).map((g) => g.title)).toEqual(['b', 'a']);
		const counts = evidenceCountByGoal([
			makeEvidence({ goalIds: [a.id, b.id] }),
			makeEvidence({ goalIds: [a.id] })
		]);
		expect([counts.get(a.id), counts.get(b.id), counts.get(c.id)]).toEqual([2, 1, undefined]);
	});
});
