import type { Evidence } from '$lib/domain/evidence';
import type { Goal } from '$lib/domain/goal';
import type { Reflection } from '$lib/domain/reflection';

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

/** A stored goal with sensible defaults; override what the test is about. */
export function makeGoal(overrides: Partial<Goal> = {}): Goal {
	return {
		id: nextId('goal'),
		title: 'Give clear feedback',
		description: '',
		source: null,
		reason: null,
		momentOfNeed: null,
		setting: null,
		settingContext: '',
		direction: null,
		formats: [],
		pace: null,
		priorKnowledge: '',
		companion: null,
		targetDate: null,
		status: 'active',
		successCriteria: [],
		tags: [],
		archivedAt: null,
		createdAt: '2026-01-01T10:00:00.000Z',
		updatedAt: '2026-01-01T10:00:00.000Z',
		...overrides
	};
}

/** Stored evidence with sensible defaults. */
export function makeEvidence(overrides: Partial<Evidence> = {}): Evidence {
	return {
		id: nextId('evidence'),
		format: 'report',
		title: 'Report on the feedback round',
		date: '2026-02-01',
		description: '',
		body: '',
		url: null,
		goalIds: [],
		tags: [],
		createdAt: '2026-02-01T10:00:00.000Z',
		updatedAt: '2026-02-01T10:00:00.000Z',
		...overrides
	};
}

/** A stored reflection with sensible defaults. */
export function makeReflection(overrides: Partial<Reflection> = {}): Reflection {
	return {
		id: nextId('reflection'),
		subjectKind: 'goal',
		subjectId: 'goal-x',
		date: '2026-02-02',
		template: 'free',
		steps: { text: 'I learned to ask first.' },
		createdAt: '2026-02-02T10:00:00.000Z',
		updatedAt: '2026-02-02T10:00:00.000Z',
		...overrides
	};
}
