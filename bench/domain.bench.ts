// Pure computations at the scale of a learner with years of work: `npm run bench` runs these
// with vitest's benchmark runner and reports the mean time per call.
import { bench, describe } from 'vitest';
import { activeGoals, evidenceCountByGoal, needsAttention } from '$lib/domain/attention';
import { parseGoalQuery, queryGoals } from '$lib/domain/goal-filter';
import { registerProgress } from '$lib/domain/pe/progress';
import { projectItems } from '$lib/domain/share/content';
import { buildTimeline } from '$lib/domain/timeline';
import {
	makeActivity,
	makeEvidence,
	makeGoal,
	makeReflection,
	makeRegister
} from '$lib/testing/factories';

const GOALS = 500;
const EVIDENCE = 10_000;
const goals = Array.from({ length: GOALS }, (_, i) =>
	makeGoal({
		id: `g${i}`,
		title: `Goal ${i}`,
		status: i % 4 === 0 ? 'planned' : 'active',
		targetDate: `202${6 + (i % 3)}-0${1 + (i % 9)}-15`,
		tags: [`tag${i % 20}`],
		source: i % 2 ? 'norm' : 'ambition'
	})
);
const evidence = Array.from({ length: EVIDENCE }, (_, i) =>
	makeEvidence({
		id: `e${i}`,
		goalIds: [`g${i % GOALS}`],
		date: `2026-0${1 + (i % 9)}-${10 + (i % 18)}`
	})
);
const reflections = evidence.map((e, i) =>
	makeReflection({ id: `r${i}`, subjectKind: 'evidence', subjectId: e.id, date: e.date })
);
const register = makeRegister({ cycleStart: '2022-01-01' });
const activities = Array.from({ length: 2_000 }, (_, i) =>
	makeActivity(
		register.id,
		1 + (i % 8),
		`202${2 + (i % 5)}-0${1 + (i % 9)}-1${i % 10}`,
		i % 3 ? 'accredited' : 'other'
	)
);
const source = { goals, evidence, reflections, attachments: [], questions: [] };

describe('dashboard (home) at 10,000 evidence items', () => {
	bench('needs attention + active goals + evidence counts', () => {
		needsAttention(goals, evidence, '2026-11-22');
		activeGoals(goals);
		evidenceCountByGoal(evidence);
	});
	bench('goal list: filter by element and tag, sort by date', () => {
		queryGoals(goals, parseGoalQuery(new URLSearchParams('source=norm&tag=tag3&sort=targetDesc')));
	});
	bench('one goal’s timeline', () => {
		buildTimeline('g7', evidence, reflections);
	});
});

describe('PE at 2,000 activities', () => {
	bench('register progress with forecast', () => {
		registerProgress(register, activities, '2026-11-22');
	});
});

describe('sharing', () => {
	bench('project a 1,000-item share (goals + evidence + reflections)', () => {
		projectItems({ kind: 'goals', goalIds: goals.slice(0, 50).map((g) => g.id) }, source);
	});
});
