import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ShareContentSchema, validItems, type ShareContent } from './content';
import { projectItems } from './projection';
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

describe('ids listed twice never reach a keyed list', () => {
	it('refuses share content that lists one item twice', () => {
		const shared = content();
		expect(check({ ...shared, items: [...shared.items, shared.items[0]] })).toBe('items');
	});

	it('keeps the first of two items with one id that a peer wrote under two keys', () => {
		const [goal] = content().items;
		const twin = { ...goal, title: 'Second' };
		expect(validItems([goal, twin]).map((i) => 'title' in i && i.title)).toEqual([
			(goal as { title: string }).title
		]);
	});

	it('merges a file listed twice and numbers a second file with the same name', () => {
		const shared = content();
		const evidence = shared.items.find((i) => i.kind === 'evidence')!;
		const file = evidence.files[0]!;
		const other = { ...file, size: 99 };
		const raw = {
			...shared,
			items: shared.items.map((i) => (i === evidence ? { ...i, files: [file, file, other] } : i))
		};
		const parsed = v.parse(ShareContentSchema, raw);
		const files = parsed.items.find((i) => i.kind === 'evidence')!.files;
		expect(files.map((f) => [f.name, f.size])).toEqual([
			['talk.mp4', 10],
			['talk (2).mp4', 99]
		]);
	});

	it('refuses a shared framework that lists a competency or a level twice', () => {
		const framework = {
			kind: 'framework',
			id: 'f1',
			title: 'F',
			levels: [{ id: 'l1', name: 'One', description: '' }],
			competencies: [
				{
					...{ id: 'c1', code: '1', title: 'C', description: '', parentId: null },
					...{ level: null, mastered: false, evidenceIds: ['e1', 'e1'] }
				}
			],
			updatedAt: ''
		};
		const shared = content();
		const withFramework = (f: object) => ({ ...shared, items: [...shared.items, f] });
		const parsed = v.parse(ShareContentSchema, withFramework(framework));
		const read = parsed.items.find((i) => i.kind === 'framework')!;
		expect(read.competencies[0]!.evidenceIds).toEqual(['e1']);
		const twiceC = {
			...framework,
			competencies: [...framework.competencies, ...framework.competencies]
		};
		expect(check(withFramework(twiceC))).toBe('items.3.competencies');
		const twiceL = { ...framework, levels: [...framework.levels, ...framework.levels] };
		expect(check(withFramework(twiceL))).toBe('items.3.levels');
	});
});
