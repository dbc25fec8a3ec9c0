import { describe, expect, it } from 'vitest';
import { contributionBytes, readContribution, type Contribution } from './contribution';
import { memberIdOf } from './member-id';
import { groupView, unseen, type VerifiedContribution } from './view';
import { createIdentity } from '../identity/keys';

/** Views do not verify (envelopes do); any well-formed key will do here. */
const KEY = { alg: 'Ed25519' as const, publicRaw: 'A'.repeat(43) };

const goal = (id: string, title: string) => ({
	kind: 'goal' as const,
	id,
	title,
	description: '',
	status: 'active' as const,
	targetDate: null,
	successCriteria: [],
	updatedAt: '2026-12-01T10:00:00.000Z'
});

/** Chains from [author, epoch, contribution] lists, numbered and hashed in order. */
function chains(...links: [string, number, Contribution][]) {
	const out = new Map<string, VerifiedContribution[]>();
	for (const [author, epoch, contribution] of links) {
		const chain = out.get(author) ?? [];
		chain.push({
			author,
			epoch,
			seq: chain.length + 1,
			hash: `${author}#${chain.length + 1}`,
			contribution
		});
		out.set(author, chain);
	}
	return out;
}

describe('a learning group as its members see it', () => {
	it('shows each member by their chosen name, the creator first, and their latest items', () => {
		const view = groupView(
			'coach',
			chains(
				['coach', 0, { t: 'join', name: 'Coach Ria', key: KEY }],
				['coach', 0, { t: 'about', name: 'Intervisie', purpose: 'Elkaar verder helpen' }],
				['anna', 0, { t: 'join', name: 'Anna', key: KEY }],
				['anna', 0, { t: 'item', item: goal('g1', 'Draft') }],
				['anna', 0, { t: 'item', item: goal('g1', 'Final title') }],
				['anna', 0, { t: 'item', item: goal('g2', 'Second') }],
				['anna', 0, { t: 'unshare', id: 'g2' }],
				['bram', 0, { t: 'join', name: 'Bram', key: KEY }],
				['bram', 0, { t: 'rename', name: 'Bram K.' }]
			)
		);
		expect(view.name).toBe('Intervisie');
		expect(view.members.map((m) => [m.name, m.status, m.creator])).toEqual([
			['Coach Ria', 'member', true],
			['Anna', 'member', false],
			['Bram K.', 'member', false]
		]);
		expect(
			view.items.map((i) => [i.author, i.item.id, (i.item as { title: string }).title])
		).toEqual([['anna', 'g1', 'Final title']]);
	});

	it('believes the group name and removals from the creator only', () => {
		const view = groupView(
			'coach',
			chains(
				['coach', 0, { t: 'join', name: 'Ria', key: KEY }],
				['coach', 0, { t: 'about', name: 'Real name', purpose: '' }],
				['bram', 0, { t: 'join', name: 'Bram', key: KEY }],
				['bram', 0, { t: 'about', name: 'Hijacked', purpose: '' }],
				['bram', 0, { t: 'remove', member: 'anna' }],
				['anna', 0, { t: 'join', name: 'Anna', key: KEY }],
				['anna', 0, { t: 'item', item: goal('g1', 'Mine') }]
			)
		);
		expect(view.name).toBe('Real name');
		expect(view.members.find((m) => m.id === 'anna')?.status).toBe('member');
		expect(view.items).toHaveLength(1);
	});

	it('keeps what a removed member wrote before, ignores what came after, and hides their items', () => {
		const view = groupView(
			'coach',
			chains(
				['coach', 0, { t: 'join', name: 'Ria', key: KEY }],
				['bram', 0, { t: 'join', name: 'Bram', key: KEY }],
				['bram', 0, { t: 'item', item: goal('b1', 'Bram goal') }],
				[
					'bram',
					0,
					{
						t: 'comment',
						id: 'c1',
						on: { author: 'coach', item: 'x' },
						parent: null,
						text: 'Before',
						at: null
					}
				],
				['coach', 0, { t: 'remove', member: 'bram' }],
				[
					'bram',
					1,
					{
						t: 'comment',
						id: 'c2',
						on: { author: 'coach', item: 'x' },
						parent: null,
						text: 'After',
						at: null
					}
				]
			)
		);
		expect(view.members.find((m) => m.id === 'bram')?.status).toBe('removed');
		expect(view.comments.map((c) => c.text)).toEqual(['Before']);
		expect(view.items).toEqual([]);
	});

	it('stops counting a member who left, and ignores chains that do not start with a join', () => {
		const view = groupView(
			'coach',
			chains(
				['anna', 0, { t: 'join', name: 'Anna', key: KEY }],
				['anna', 0, { t: 'item', item: goal('g1', 'Mine') }],
				['anna', 0, { t: 'leave' }],
				['anna', 0, { t: 'question', id: 'q1', text: 'Ignored after leaving' }],
				['ghost', 0, { t: 'item', item: goal('g9', 'No join') }]
			)
		);
		expect(view.members.map((m) => [m.id, m.status])).toEqual([['anna', 'left']]);
		expect(view.items).toEqual([]);
		expect(view.questions).toEqual([]);
	});

	it('tells what a member has not seen yet', () => {
		const view = groupView(
			'coach',
			chains(
				['anna', 0, { t: 'join', name: 'Anna', key: KEY }],
				['anna', 0, { t: 'item', item: goal('g1', 'One') }],
				[
					'anna',
					0,
					{
						t: 'comment',
						id: 'c1',
						on: { author: 'anna', item: 'g1' },
						parent: null,
						text: 'Note',
						at: 12.5
					}
				]
			)
		);
		expect(unseen(view, new Set()).items).toHaveLength(1);
		const after = unseen(view, new Set(['anna#2']));
		expect(after.items).toEqual([]);
		expect(after.comments.map((c) => c.id)).toEqual(['c1']);
	});
});

describe('contributions on the wire', () => {
	it('round-trips and refuses what is not a contribution', () => {
		const join: Contribution = { t: 'join', name: 'Anna', key: KEY };
		expect(readContribution(contributionBytes(join))).toEqual(join);
		const bytes = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
		expect(readContribution(bytes({ t: 'join', name: '', key: KEY }))).toBeNull();
		expect(readContribution(bytes({ t: 'join', name: 'A', extra: 1 }))).toBeNull();
		expect(readContribution(bytes({ t: 'admin' }))).toBeNull();
		expect(readContribution(new Uint8Array([0xff, 0xfe]))).toBeNull();
		expect(readContribution(bytes({ t: 'item', item: { kind: 'goal', id: 'x' } }))).toBeNull();
	});

	it('derives member ids from keys: another key is another member', async () => {
		const a = await createIdentity();
		const b = await createIdentity();
		expect(await memberIdOf(a)).toBe(await memberIdOf(a));
		expect(await memberIdOf(a)).not.toBe(await memberIdOf(b));
		expect(await memberIdOf(a)).toMatch(/^[A-Za-z0-9_-]{22}$/);
	});
});
