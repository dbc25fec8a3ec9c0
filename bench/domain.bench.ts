// Pure computations at the scale of a learner with years of work: `npm run bench` runs these
// with vitest's benchmark runner and reports the mean time per call.
import MiniSearch from 'minisearch';
import { bench, describe } from 'vitest';
import { defaultLevels } from '$lib/domain/competency/framework';
import { competencyStatus, coverage } from '$lib/domain/competency/progress';
import { dashboard } from '$lib/domain/dashboard';
import { INDEX_OPTIONS, searchDocs, type SearchDoc } from '$lib/domain/search';
import { searchPortfolio, vocabulary } from '$lib/domain/search-query';
import { activeGoals, evidenceCountByGoal, needsAttention } from '$lib/domain/attention';
import { parseGoalQuery, queryGoals } from '$lib/domain/goal-filter';
import { registerProgress } from '$lib/domain/pe/progress';
import { projectItems } from '$lib/domain/share/projection';
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

/** A framework of 200 competencies (20 areas of 9), half linked to evidence, rated over time. */
const framework = {
	id: 'fw',
	title: 'Framework',
	description: '',
	source: 'own' as const,
	sourceId: null,
	levels: defaultLevels('en'),
	competencies: Array.from({ length: 200 }, (_, i) => ({
		id: `c${i}`,
		code: String(i),
		title: `Competency ${i}`,
		description: '',
		parentId: i % 10 === 0 ? null : `c${i - (i % 10)}`
	})),
	createdAt: '',
	updatedAt: ''
};
const links = evidence.slice(0, 2_000).map((e, i) => ({
	id: `l${i}`,
	frameworkId: 'fw',
	competencyId: `c${i % 100}`,
	competency: `fw|c${i % 100}`,
	recordKind: 'evidence' as const,
	recordId: e.id,
	createdAt: ''
}));
const assessments = Array.from({ length: 1_000 }, (_, i) => ({
	id: `a${i}`,
	frameworkId: 'fw',
	competencyId: `c${i % 200}`,
	competency: `fw|c${i % 200}`,
	kind: 'self' as const,
	date: `2026-0${1 + (i % 9)}-10`,
	levelId: `l${1 + (i % 4)}`,
	note: '',
	createdAt: '',
	updatedAt: ''
}));

describe('dashboard page at 10,000 evidence items, 2,000 PE activities, 200 competencies', () => {
	bench('all figures (status, targets, PE, coverage, weeks, streak)', () => {
		dashboard(
			{
				goals,
				evidenceGoalIds: evidence.map((e) => e.goalIds),
				reflections,
				registers: [register],
				activities,
				frameworks: [framework],
				links,
				assessments,
				steps: [],
				unread: 0
			},
			'2026-11-22'
		);
	});
	bench('one framework’s coverage (200 competencies)', () => {
		coverage(competencyStatus(framework, links, assessments));
	});
});

const docs = searchDocs({ goals, evidence, reflections, peActivities: activities });
const index = new MiniSearch<SearchDoc>(INDEX_OPTIONS);
index.addAll(docs);
const words = vocabulary(docs);
const queries = [
	'feedback',
	'report',
	'learned ask',
	'goal 42',
	'courze',
	'feedbakc',
	'reflectoin'
];
let q = 0;

describe(`search over ${docs.length.toLocaleString('en')} documents`, () => {
	bench('one query as you type (prefix + fuzzy, typos in a partly typed word)', () => {
		searchPortfolio(index, words, queries[q++ % queries.length]!);
	});
	bench('the word list for typos in a partly typed word', () => {
		vocabulary(docs);
	});
	bench(
		'build the index',
		() => {
			const fresh = new MiniSearch<SearchDoc>(INDEX_OPTIONS);
			fresh.addAll(docs);
		},
		{ iterations: 3 }
	);
});
