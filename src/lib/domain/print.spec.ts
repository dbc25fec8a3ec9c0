import { describe, expect, it } from 'vitest';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';
import { printSelection } from './print';

const a = makeGoal({ id: 'a', title: 'A' });
const b = makeGoal({ id: 'b', title: 'B' });
const late = makeEvidence({ id: 'late', date: '2026-05-01', goalIds: ['a'] });
const early = makeEvidence({ id: 'early', date: '2026-01-01', goalIds: ['a', 'b'] });
const portfolio = {
	goals: [a, b],
	evidence: [late, early],
	attachments: [],
	reflections: [makeReflection({ subjectId: 'a' }), makeReflection({ subjectId: 'early' })],
	responses: [
		{
			kind: 'feedback' as const,
			id: 'f',
			itemId: 'early',
			parentId: null,
			author: 'Coach',
			role: '',
			text: 'Nice',
			createdAt: '2026-02-01T00:00:00Z'
		}
	]
};

describe('print selection', () => {
	it('prints only the chosen goals, with their evidence oldest first', () => {
		const printed = printSelection(portfolio, {
			goalIds: ['a'],
			evidence: true,
			reflections: true,
			feedback: true
		});
		expect(printed.map((p) => p.goal.id)).toEqual(['a']);
		expect(printed[0]!.evidence.map((e) => e.evidence.id)).toEqual(['early', 'late']);
		expect(printed[0]!.reflections).toHaveLength(1);
		expect(printed[0]!.evidence[0]!.reflections).toHaveLength(1);
		expect(printed[0]!.evidence[0]!.feedback.map((f) => f.id)).toEqual(['f']);
	});

	it('leaves out what the learner unticked', () => {
		const [printed] = printSelection(portfolio, {
			goalIds: ['b'],
			evidence: true,
			reflections: false,
			feedback: false
		});
		expect(printed!.evidence[0]!.reflections).toEqual([]);
		expect(printed!.evidence[0]!.feedback).toEqual([]);
		const [bare] = printSelection(portfolio, {
			goalIds: ['b'],
			evidence: false,
			reflections: true,
			feedback: true
		});
		expect(bare!.evidence).toEqual([]);
	});
});
