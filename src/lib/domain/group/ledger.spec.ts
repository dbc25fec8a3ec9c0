import { base64urlnopad } from '@scure/base';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealContribution, type Envelope } from '../identity/envelope';
import { createIdentity, type Identity } from '../identity/keys';
import { contributionBytes, type Contribution } from './contribution';
import { Ledger, MAX_HELD } from './ledger';
import { memberIdOf } from './member-id';
import { goal } from './test-device';
import { groupView } from './view';
import type { SharedItem } from '../share/content';

const GROUP = 'group-1';
const titleOf = (item: SharedItem) => ('title' in item ? item.title : item.id);

/** A member that writes its own chain with a real key. */
class Writer {
	seq = 0;
	prev = '';
	constructor(
		readonly identity: Identity,
		readonly id: string
	) {}
	static async make(): Promise<Writer> {
		const identity = await createIdentity();
		return new Writer(identity, await memberIdOf(identity));
	}
	async write(contribution: Contribution, epoch = 0, over: Partial<Envelope> = {}) {
		this.seq += 1;
		const envelope = await sealContribution(
			this.identity,
			{ group: GROUP, epoch, author: this.id, seq: this.seq, prev: this.prev },
			contributionBytes(contribution)
		);
		const { envelopeHash } = await import('../identity/envelope');
		this.prev = await envelopeHash(envelope);
		return { ...envelope, ...over };
	}
	join(name: string, epoch = 0) {
		return this.write(
			{ t: 'join', name, key: { alg: this.identity.alg, publicRaw: this.identity.publicRaw } },
			epoch
		);
	}
}

const item = goal;

let anna: Writer;
let bram: Writer;
let cas: Writer;
let epoch = 0;
const ledgerOf = (creator: string) => new Ledger(GROUP, creator, () => epoch);

beforeAll(async () => {
	[anna, bram, cas] = await Promise.all([Writer.make(), Writer.make(), Writer.make()]);
});

describe('a group ledger', () => {
	it('accepts each member’s chain from their join on, and shows it', async () => {
		epoch = 0;
		const a = await Writer.make();
		const b = await Writer.make();
		const ledger = ledgerOf(a.id);
		for (const envelope of [
			await a.join('Anna'),
			await a.write({ t: 'about', name: 'Intervisie', purpose: 'Samen leren' }),
			await b.join('Bram'),
			await b.write(item('g1', 'Presenteren'))
		]) {
			expect((await ledger.ingest(envelope)).kind).toBe('accepted');
		}
		const view = groupView(a.id, ledger.chains());
		expect(view.name).toBe('Intervisie');
		expect(view.members.map((m) => m.name)).toEqual(['Anna', 'Bram']);
		expect(view.items.map((i) => [i.author, titleOf(i.item)])).toEqual([[b.id, 'Presenteren']]);
		expect(ledger.heads()).toEqual({ [a.id]: 2, [b.id]: 2 });
	});

	it('does not believe an item signed by one member under another member’s id', async () => {
		const ledger = ledgerOf(anna.id);
		const bramJoin = await bram.join('Bram');
		expect((await ledger.ingest(bramJoin)).kind).toBe('accepted');
		// Cas signs an item with their own key but names Bram as its author, at Bram's next place.
		const forged = await sealContribution(
			cas.identity,
			{ group: GROUP, epoch: 0, author: bram.id, seq: 2, prev: bram.prev },
			contributionBytes(item('x', 'Bram says he quits'))
		);
		expect(await ledger.ingest(forged)).toMatchObject({
			kind: 'refused',
			reason: 'bad-signature'
		});
		// A join in Bram's name with Cas's key cannot open a chain either (the id derives from the key).
		const fakeJoin = await sealContribution(
			cas.identity,
			{ group: GROUP, epoch: 0, author: (await Writer.make()).id, seq: 1, prev: '' },
			contributionBytes({
				t: 'join',
				name: 'Bram',
				key: { alg: cas.identity.alg, publicRaw: cas.identity.publicRaw }
			})
		);
		expect(await ledger.ingest(fakeJoin)).toMatchObject({ kind: 'refused', reason: 'bad-join' });
		// Positive control: Bram's own next item is believed.
		expect((await ledger.ingest(await bram.write(item('g', 'Echt van Bram')))).kind).toBe(
			'accepted'
		);
		expect(groupView(anna.id, ledger.chains()).items.map((i) => titleOf(i.item))).toEqual([
			'Echt van Bram'
		]);
	});

	it('refuses a contribution changed after signing, and one from another group', async () => {
		const w = await Writer.make();
		const ledger = ledgerOf(w.id);
		const join = await w.join('Wim');
		const changed = { ...join, payload: base64urlnopad.encode(contributionBytes(item('g', 'x'))) };
		expect(await ledger.ingest(changed)).toMatchObject({ kind: 'refused' });
		expect(await ledger.ingest({ ...join, group: 'other' })).toMatchObject({
			reason: 'other-group'
		});
		expect(await ledger.ingest({ ...join, epoch: 1 })).toMatchObject({ reason: 'future-epoch' });
		expect(await ledger.ingest({ nonsense: true })).toMatchObject({ reason: 'malformed' });
		expect((await ledger.ingest(join)).kind).toBe('accepted');
	});

	it('ignores a replay and takes links that arrive out of order once the gap fills', async () => {
		const w = await Writer.make();
		const ledger = ledgerOf(w.id);
		const links = [
			await w.join('W'),
			await w.write(item('1', 'one')),
			await w.write(item('2', 'two'))
		];
		expect((await ledger.ingest(links[2])).kind).toBe('held');
		expect((await ledger.ingest(links[1])).kind).toBe('held');
		const outcome = await ledger.ingest(links[0]);
		expect(outcome.kind === 'accepted' && outcome.links.map((l) => l.seq)).toEqual([1, 2, 3]);
		expect((await ledger.ingest(links[1])).kind).toBe('duplicate');
		expect(ledger.heads()[w.id]).toBe(3);
	});

	it('keeps both sides of an equivocation out and flags the author', async () => {
		const w = await Writer.make();
		const ledger = ledgerOf(w.id);
		expect((await ledger.ingest(await w.join('W'))).kind).toBe('accepted');
		const saved = { seq: w.seq, prev: w.prev };
		const first = await w.write(item('1', 'to Anna'));
		Object.assign(w, saved);
		const second = await w.write(item('1', 'to Bram'));
		expect((await ledger.ingest(first)).kind).toBe('accepted');
		expect(await ledger.ingest(second)).toMatchObject({ kind: 'refused', reason: 'equivocation' });
		expect(ledger.flagged.has(w.id)).toBe(true);
	});

	it('ignores a removed member’s links from the epochs after their removal', async () => {
		epoch = 0;
		const creator = await Writer.make();
		const gone = await Writer.make();
		const stays = await Writer.make();
		const ledger = ledgerOf(creator.id);
		for (const envelope of [
			await creator.join('C'),
			await gone.join('Gone'),
			await stays.join('Stays'),
			await gone.write(item('g', 'before removal')),
			await creator.write({ t: 'remove', member: gone.id })
		])
			expect((await ledger.ingest(envelope)).kind).toBe('accepted');
		epoch = 1;
		expect(await ledger.ingest(await gone.write(item('h', 'after removal'), 1))).toMatchObject({
			kind: 'refused',
			reason: 'removed'
		});
		// Positive control: a remaining member writes in the new epoch.
		expect((await ledger.ingest(await stays.write(item('s', 'new epoch'), 1))).kind).toBe(
			'accepted'
		);
		const view = groupView(creator.id, ledger.chains());
		expect(view.members.find((m) => m.id === gone.id)?.status).toBe('removed');
		expect(view.items.map((i) => titleOf(i.item))).toEqual(['new epoch']);
		epoch = 0;
	});

	it('refuses a link that goes back to an earlier epoch', async () => {
		epoch = 1;
		const w = await Writer.make();
		const ledger = ledgerOf(w.id);
		expect((await ledger.ingest(await w.join('W', 1))).kind).toBe('accepted');
		expect(await ledger.ingest(await w.write(item('1', 'x'), 0))).toMatchObject({
			reason: 'epoch-backwards'
		});
		epoch = 0;
	});

	it('judges a batch exactly as one by one, also when a changed copy sits beside the original', async () => {
		const w = await Writer.make();
		const x = await Writer.make();
		const ledger = ledgerOf(w.id);
		const join = await w.join('W');
		const first = await w.write(item('1', 'real'));
		// Same place and signature, other payload: must not borrow the original's check.
		const changed = {
			...first,
			payload: base64urlnopad.encode(contributionBytes(item('1', 'fake')))
		};
		const forged = await sealContribution(
			x.identity,
			{ group: GROUP, epoch: 0, author: w.id, seq: 3, prev: w.prev },
			contributionBytes(item('2', 'forged'))
		);
		const outcomes = await ledger.ingestMany([changed, join, first, forged, { junk: 1 }]);
		expect(outcomes.map((o) => (o.kind === 'refused' ? o.reason : o.kind))).toEqual([
			'held',
			// The join releases the held copy, which fails its own check; the real link follows.
			'accepted',
			'accepted',
			'bad-signature',
			'malformed'
		]);
		expect(groupView(w.id, ledger.chains()).items.map((i) => titleOf(i.item))).toEqual(['real']);
	});

	it('holds at most so many links in all, however many authors a peer makes up', async () => {
		const w = await Writer.make();
		const ledger = ledgerOf(w.id);
		const join = await w.join('W');
		const outcomes = [];
		for (let i = 0; i < MAX_HELD + 3; i++)
			outcomes.push(await ledger.ingest({ ...join, author: `fake${i}`.padEnd(22, 'x'), seq: 2 }));
		expect(outcomes.filter((o) => o.kind === 'held')).toHaveLength(MAX_HELD);
		expect(ledger.refused.get('too-many-held')).toBe(3);
		// The real member is still heard.
		expect((await ledger.ingest(join)).kind).toBe('accepted');
	});
});
