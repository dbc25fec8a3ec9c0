import { describe, expect, it } from 'vitest';
import { validItems } from './content';
import { projectItems, type ShareSource } from './projection';
import {
	formatShareLink,
	linkCheck,
	linkIsIntact,
	parseShareFragment,
	parseShareUrl
} from './links';
import { threadsFor, validResponses, type Feedback } from './responses';
import { isActive, type Share } from './share';
import { exampleFramework } from '../competency/examples';
import {
	makeActivity,
	makeEvidence,
	makeGoal,
	makeReflection,
	makeRegister
} from '$lib/testing/factories';

const source = (): ShareSource => {
	const shared = makeGoal({ id: 'g1', title: 'Shared goal' });
	const hidden = makeGoal({ id: 'g2', title: 'Hidden goal' });
	const archived = makeGoal({ id: 'g3', archivedAt: '2026-01-01T00:00:00Z' });
	return {
		goals: [shared, hidden, archived],
		evidence: [
			makeEvidence({ id: 'e1', goalIds: ['g1', 'g2'] }),
			makeEvidence({ id: 'e2', goalIds: ['g2'] })
		],
		reflections: [
			makeReflection({ id: 'r1', subjectId: 'g1' }),
			makeReflection({ id: 'r2', subjectKind: 'evidence', subjectId: 'e1' }),
			makeReflection({ id: 'r3', subjectKind: 'evidence', subjectId: 'e2' })
		],
		attachments: [{ ownerId: 'e1', name: 'slides.pdf', size: 10, type: 'application/pdf' }],
		questions: [{ id: 'q1', itemId: 'e1', text: 'Is this enough?', updatedAt: '2026-01-01' }]
	};
};

describe('projectItems', () => {
	it('shares the chosen goals with their evidence, reflections and questions, nothing else', () => {
		const items = projectItems({ kind: 'goals', goalIds: ['g1'] }, source());
		expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual([
			'goal:g1',
			'evidence:e1',
			'reflection:r1',
			'reflection:r2',
			'question:q1'
		]);
		const evidence = items.find((i) => i.kind === 'evidence');
		// The link to the goal that is not shared is left out.
		expect(evidence).toMatchObject({ goalIds: ['g1'], files: [{ name: 'slides.pdf' }] });
	});

	it('shares every goal that is not archived for "all"', () => {
		const items = projectItems({ kind: 'all' }, source());
		expect(items.filter((i) => i.kind === 'goal').map((i) => i.id)).toEqual(['g1', 'g2']);
	});

	it('projects items that pass their own validation', () => {
		const items = projectItems({ kind: 'all' }, source());
		expect(validItems(items)).toHaveLength(items.length);
	});
});

describe('PE audit view', () => {
	it('projects a chosen register’s current cycle: rules and the activities behind them', () => {
		const register = makeRegister({ id: 'vv', cycleStart: '2026-01-01' });
		const items = projectItems(
			{ kind: 'goals', goalIds: [], registerIds: ['vv'] },
			{
				...source(),
				registers: [register, makeRegister({ id: 'other' })],
				peActivities: [
					makeActivity('vv', 12, '2026-03-10'),
					makeActivity('vv', 5, '2019-01-01'),
					makeActivity('other', 9, '2026-03-11')
				]
			},
			'2026-06-01'
		);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			kind: 'pe',
			id: 'vv',
			counted: 12,
			rules: [
				{ kind: 'total', required: 184, achieved: 12, met: false },
				{ kind: 'categoryMin', category: 'Accredited', required: 80, achieved: 12 }
			],
			activities: [{ date: '2026-03-10', points: 12, category: 'Accredited' }]
		});
		expect(validItems(items)).toHaveLength(1);
	});
});

describe('validItems and validResponses', () => {
	it('drop hostile or malformed entries from a peer', () => {
		const good = projectItems({ kind: 'goals', goalIds: ['g1'] }, source())[0];
		expect(
			validItems([
				good,
				{ kind: 'goal', id: 'x' },
				{ kind: 'script', id: 'y' },
				{ ...good, title: 'x'.repeat(10_000) },
				null,
				'text'
			])
		).toEqual([good]);
		const feedback: Feedback = {
			kind: 'feedback',
			id: 'f1',
			itemId: 'g1',
			parentId: null,
			author: 'Kim',
			role: '',
			text: 'Good',
			createdAt: '2026-01-01T00:00:00Z'
		};
		expect(
			validResponses([feedback, { ...feedback, id: 'f2', author: '' }, { ...feedback, text: '' }])
		).toEqual([feedback]);
	});
});

describe('threadsFor', () => {
	it('groups replies under their feedback; an orphaned reply starts its own thread', () => {
		const base = { kind: 'feedback' as const, itemId: 'g1', author: 'A', role: '', text: 't' };
		const threads = threadsFor(
			[
				{ ...base, id: 'a', parentId: null, createdAt: '1' },
				{ ...base, id: 'b', parentId: 'a', createdAt: '2' },
				{ ...base, id: 'c', parentId: 'missing', createdAt: '3' },
				{ ...base, id: 'd', parentId: null, itemId: 'other', createdAt: '4' }
			],
			'g1'
		);
		expect(threads.map((t) => [t.root.id, t.replies.map((r) => r.id)])).toEqual([
			['a', ['b']],
			['c', []]
		]);
	});
});

describe('share links', () => {
	const secret = 'a'.repeat(43);

	it('round-trips every kind of link, with the secret only in the fragment', () => {
		const live = formatShareLink('https://koers.example', {
			k: 'live',
			r: 'room_1234567890ab',
			s: secret
		});
		expect(new URL(live).search).toBe('');
		expect(new URL(live).pathname).toBe('/open');
		expect(parseShareUrl(live)).toEqual({
			k: 'live',
			r: 'room_1234567890ab',
			s: secret,
			c: linkCheck({ k: 'live', r: 'room_1234567890ab', s: secret })
		});
		const snap = { k: 'snap' as const, i: 'share-1', s: secret, d: 'x'.repeat(40) };
		expect(parseShareFragment(formatShareLink('', snap).split('/open')[1]!)).toEqual(snap);
	});

	it('catch a changed character of a live or file link by its check', () => {
		const links = [
			formatShareLink('', { k: 'live', r: 'room_1234567890ab', s: secret }),
			formatShareLink('', { k: 'file', i: 'share-1', s: secret })
		];
		for (const text of links) {
			const intact = parseShareUrl(text)!;
			expect(linkIsIntact(intact)).toBe(true);
			// Every single-character change of the secret, the room or id, or the check is caught.
			const fragment = text.slice(text.indexOf('#'));
			const start = fragment.indexOf('=', fragment.indexOf('&')) + 1;
			for (let at = start; at < fragment.length; at++) {
				// Values only: a changed key name is a different link, not a changed value.
				if (!/[A-Za-z0-9_-]/.test(fragment[at]!) || /[#&]/.test(fragment[at - 1]!)) continue;
				const other = fragment[at] === 'b' ? 'c' : 'b';
				const changed = parseShareFragment(fragment.slice(0, at) + other + fragment.slice(at + 1));
				if (changed) expect(linkIsIntact(changed), `changed at ${at}`).toBe(false);
			}
		}
		// A link from before checks existed still opens.
		expect(linkIsIntact(parseShareFragment(`#k=live&r=room_1234567890ab&s=${secret}`)!)).toBe(true);
	});

	it('refuses incomplete or malformed links', () => {
		expect(parseShareFragment('#k=live&r=room_1234567890ab')).toBeNull();
		expect(parseShareFragment(`#k=live&r=room_1234567890ab&s=${'a'.repeat(42)}`)).toBeNull();
		expect(parseShareFragment(`#k=live&r=<script>&s=${secret}`)).toBeNull();
		expect(parseShareFragment('#k=evil')).toBeNull();
		expect(parseShareUrl('no fragment here')).toBeNull();
		expect(parseShareFragment(`#k=reply&i=x&d=${'a'.repeat(500_000)}`)).toBeNull();
	});
});

describe('isActive', () => {
	const share = { revokedAt: null, expiresAt: '2026-06-30' } as Share;
	it('is active until revoked or past its expiry date', () => {
		expect(isActive(share, '2026-06-30')).toBe(true);
		expect(isActive(share, '2026-07-01')).toBe(false);
		expect(isActive({ ...share, revokedAt: '2026-01-01' }, '2026-01-02')).toBe(false);
		expect(isActive({ ...share, expiresAt: null }, '2099-01-01')).toBe(true);
	});
});

describe('sharing a competency framework', () => {
	it('shows the learner’s level and only the shared evidence behind each competency', () => {
		const goal = makeGoal({ id: 'g' });
		const shared = makeEvidence({ id: 'shared', goalIds: ['g'] });
		const hidden = makeEvidence({ id: 'hidden', goalIds: [] });
		const framework = {
			...exampleFramework('professional-skills', 'en'),
			id: 'fw',
			createdAt: '',
			updatedAt: '2026-01-01'
		};
		const link = (recordId: string) => ({
			id: recordId,
			frameworkId: 'fw',
			competencyId: 'C1',
			competency: 'fw|C1',
			recordKind: 'evidence' as const,
			recordId,
			createdAt: ''
		});
		const items = projectItems(
			{ kind: 'goals', goalIds: ['g'], frameworkIds: ['fw'] },
			{
				goals: [goal],
				evidence: [shared, hidden],
				reflections: [],
				attachments: [],
				questions: [],
				frameworks: [framework],
				links: [link('shared'), link('hidden')],
				assessments: [
					{
						id: 'a',
						frameworkId: 'fw',
						competencyId: 'C1',
						competency: 'fw|C1',
						kind: 'self',
						date: '2026-02-01',
						levelId: 'l2',
						note: '',
						createdAt: '',
						updatedAt: ''
					}
				]
			}
		);
		const item = items.find((i) => i.kind === 'framework');
		expect(
			item?.kind === 'framework' && item.competencies.find((c) => c.id === 'C1')
		).toMatchObject({
			level: 1,
			mastered: false,
			evidenceIds: ['shared']
		});
		expect(validItems(items)).toHaveLength(items.length);
	});

	it('accepts a coach’s rating and refuses a malformed one', () => {
		const rating = {
			kind: 'rating',
			id: 'r1',
			competency: 'fw|C1',
			levelId: 'l3',
			author: 'Kim',
			role: 'coach',
			date: '2026-03-01',
			createdAt: '2026-03-01T10:00:00Z'
		};
		expect(validResponses([rating, { ...rating, id: 'r2', date: 'yesterday' }])).toEqual([rating]);
	});
});
