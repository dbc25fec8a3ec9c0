import type { Evidence } from '$lib/domain/evidence';
import type { Goal } from '$lib/domain/goal';
import type { Reflection } from '$lib/domain/reflection';
import type { PeActivity } from '$lib/domain/pe/activity';
import type { Register } from '$lib/domain/pe/register';
import type { Share } from '$lib/domain/share/share';

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

/** A points register with sensible defaults. */
export function makeRegister(overrides: Partial<Register> = {}): Register {
	return {
		id: nextId('register'),
		name: 'Kwaliteitsregister V&V',
		templateId: null,
		model: 'points',
		unit: 'points',
		unitsPerHour: 1,
		cycleYears: 5,
		cycleStart: '2025-01-01',
		registeredOn: null,
		required: 184,
		perYearMinimum: null,
		categories: [
			{ id: 'accredited', name: 'Accredited', min: 80, max: null, minShare: null },
			{ id: 'other', name: 'Other', min: null, max: 60, minShare: null }
		],
		source: '',
		checkedOn: null,
		notes: '',
		outputYears: [],
		createdAt: '2025-01-01T00:00:00.000Z',
		updatedAt: '2025-01-01T00:00:00.000Z',
		...overrides
	};
}

/** An activity worth `points` in `registerId`'s category, completed on `endDate`. */
export function makeActivity(
	registerId: string,
	points: number,
	endDate: string,
	categoryId: string | null = 'accredited',
	overrides: Partial<PeActivity> = {}
): PeActivity {
	return {
		id: nextId('activity'),
		title: `Course of ${endDate}`,
		type: 'course',
		provider: 'Academy',
		accreditationCode: '',
		startDate: endDate,
		endDate,
		hours: null,
		credits: [{ registerId, categoryId, points }],
		goalIds: [],
		reflection: '',
		createdAt: `${endDate}T10:00:00.000Z`,
		updatedAt: `${endDate}T10:00:00.000Z`,
		...overrides
	};
}

/** A live share of no goals yet, with a fixed room and secret. */
export function makeShare(overrides: Partial<Share> = {}): Share {
	return {
		id: 's1',
		title: 'Share',
		owner: 'Learner',
		selection: { kind: 'goals', goalIds: [] },
		room: 'room-0123456789abcdef',
		secret: 'A'.repeat(43),
		expiresAt: null,
		revokedAt: null,
		createdAt: '2026-12-01T10:00:00.000Z',
		updatedAt: '2026-12-01T10:00:00.000Z',
		...overrides
	};
}
