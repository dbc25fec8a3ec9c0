import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ShareContentSchema, projectItems, type ShareContent } from './content';
import { makeActivity, makeEvidence, makeGoal, makeRegister } from '$lib/testing/factories';

const register = makeRegister({ id: 'r1' });

/** A share as a learner's app projects it: a goal, its evidence with a file, a PE register. */
function content(): ShareContent {
	const items = projectItems(
		{ kind: 'all', registerIds: [register.id] },
		{
			goals: [makeGoal({ id: 'g1' })],
			evidence: [makeEvidence({ id: 'e1', goalIds: ['g1'] })],
			reflections: [],
			attachments: [{ ownerId: 'e1', name: 'talk.mp4', size: 10, type: 'video/mp4' }],
			questions: [],
			registers: [register],
			peActivities: [makeActivity(register.id, 12, '2026-01-05')]
		},
		'2026-06-01'
	);
	const meta = { version: 1 as const, shareId: 's1', title: 'T', owner: 'O', publishedAt: '' };
	return { meta, items };
}

/** Valid, or where the schema refused it. */
function check(raw: unknown): string {
	const result = v.safeParse(ShareContentSchema, raw);
	return result.success ? 'valid' : (v.getDotPath(result.issues[0]) ?? result.issues[0].message);
}

describe('share content from outside', () => {
	it('accepts what a learner projects', () => {
		expect(check(content())).toBe('valid');
	});

	it('refuses points, sizes and totals that are not finite (JSON turns 1e400 into ∞)', () => {
		const raw = JSON.parse(JSON.stringify(content()).replace('"points":12', '"points":1e400'));
		expect(raw.items.find((i: { kind: string }) => i.kind === 'pe').activities[0].points).toBe(
			Infinity
		);
		expect(check(raw)).toMatch(/points$/);
		const sized = JSON.parse(JSON.stringify(content()).replace('"size":10', '"size":1e400'));
		expect(check(sized)).toMatch(/size$/);
		const counted = JSON.parse(JSON.stringify(content()).replace('"counted":12', '"counted":-1'));
		expect(check(counted)).toMatch(/counted$/);
	});
});
