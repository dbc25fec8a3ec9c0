import { beforeEach, describe, expect, it } from 'vitest';
import { certify } from '../identity/cert';
import type { Envelope } from '../identity/envelope';
import { chainsFromLinks, Ledger, type IngestOutcome, type Link } from './ledger';
import { believedRevocations, cutOf } from './revocation';
import { Device, goal, pub } from './test-device';
import { groupView } from './view';

const GROUP = 'group-revoke';
const kinds = (outcomes: IngestOutcome[]) =>
	outcomes.map((o) => (o.kind === 'refused' ? o.reason : o.kind));
const titles = (ledger: Ledger, creator: string) =>
	groupView(creator, ledger.chains()).items.map((i) => ('title' in i.item ? i.item.title : ''));

/** Anna on a phone and a laptop (the laptop vouched for by the phone's key); Bram, the creator. */
let phone: Device;
let laptop: Device;
let bram: Device;
let ledger: Ledger;
let start: Envelope[];

beforeEach(async () => {
	[phone, laptop, bram] = await Promise.all([
		Device.make(GROUP),
		Device.make(GROUP),
		Device.make(GROUP)
	]);
	ledger = new Ledger(GROUP, bram.id, () => 0);
	start = [
		await bram.join('Bram'),
		await phone.join('Anna'),
		await laptop.join('Anna', {
			device: phone,
			cert: await certify(phone.identity, pub(laptop.identity))
		})
	];
});

describe('a removed device’s key in a group', () => {
	it('keeps what the device wrote before the revocation and refuses what it wrote after', async () => {
		const before = await phone.write(goal('g1', 'Before'));
		const revoke = await laptop.write({
			t: 'revoke',
			author: phone.id,
			after: 2,
			keep: [laptop.id]
		});
		const after = await phone.write(goal('g2', 'After'));
		expect(kinds(await ledger.ingestMany([...start, before, revoke, after]))).toEqual([
			'accepted',
			'accepted',
			'accepted',
			'accepted',
			'accepted',
			'revoked'
		]);
		expect(ledger.refused.get('revoked')).toBe(1);
		expect(titles(ledger, bram.id)).toEqual(['Before']);
		expect(ledger.revoked(phone.id)).toBe(true);
		expect(ledger.revoked(laptop.id)).toBe(false);
		// Positive control: the laptop, which stays, still writes as Anna.
		const kept = await ledger.ingest(await laptop.write(goal('g3', 'From the laptop')));
		expect(kept.kind).toBe('accepted');
		expect(titles(ledger, bram.id)).toEqual(['Before', 'From the laptop']);
		expect(ledger.heads()[phone.id]).toBe(2);
	});

	it('stops believing links past the cut that arrived before the revocation, here and from storage', async () => {
		const outcomes = await ledger.ingestMany([
			...start,
			await phone.write(goal('g1', 'Before')),
			await phone.write(goal('g2', 'Written after, arrived first'))
		]);
		expect(kinds(outcomes).every((k) => k === 'accepted')).toBe(true);
		expect(titles(ledger, bram.id)).toEqual(['Before', 'Written after, arrived first']);
		const revoke = await ledger.ingest(
			await laptop.write({ t: 'revoke', author: phone.id, after: 2, keep: [laptop.id] })
		);
		expect(revoke.kind).toBe('accepted');
		expect(titles(ledger, bram.id)).toEqual(['Before']);
		expect(ledger.linksAfter(phone.id, 0).map((l) => l.seq)).toEqual([1, 2]);
		// A peer that has nothing is sent the phone's links up to the cut only.
		expect(ledger.missing({}).filter((e) => e.author === phone.id)).toHaveLength(2);
		// Another tab reads the same links from the database: the same view.
		const stored: Link[] = [...ledger.chains().keys()].flatMap((a) => linksOf(ledger, a));
		stored.push(...linksPastCut(outcomes));
		const view = groupView(bram.id, chainsFromLinks(stored));
		expect(view.items.map((i) => i.item.id)).toEqual(['g1']);
	});

	it('refuses a revocation signed by someone else, and the device goes on writing', async () => {
		const forged = await bram.write({ t: 'revoke', author: phone.id, after: 1, keep: [] });
		const outcomes = await ledger.ingestMany([
			...start,
			forged,
			await phone.write(goal('g1', 'Still Anna'))
		]);
		expect(kinds(outcomes)).toEqual([
			'accepted',
			'accepted',
			'accepted',
			'bad-revocation',
			'accepted'
		]);
		expect(ledger.revoked(phone.id)).toBe(false);
		expect(titles(ledger, bram.id)).toEqual(['Still Anna']);
	});

	it('ignores a revocation of a key it meets later when that key is another member’s', async () => {
		// Bram signs a revocation of the phone's key before anyone here saw the phone join.
		const forged = await bram.write({ t: 'revoke', author: phone.id, after: 0, keep: [] });
		const [bramJoin, phoneJoin] = start;
		expect(kinds(await ledger.ingestMany([bramJoin!, forged, phoneJoin!]))).toEqual([
			'accepted',
			'accepted',
			'accepted'
		]);
		expect(ledger.revoked(phone.id)).toBe(false);
		expect((await ledger.ingest(await phone.write(goal('g1', 'Anna')))).kind).toBe('accepted');
	});

	it('refuses the removed device’s join when the revocation came first', async () => {
		const tablet = await Device.make(GROUP);
		const revoke = await laptop.write({ t: 'revoke', author: tablet.id, after: 0, keep: [] });
		const tabletJoin = await tablet.join('Anna', {
			device: phone,
			cert: await certify(phone.identity, pub(tablet.identity))
		});
		expect(kinds(await ledger.ingestMany([...start, revoke, tabletJoin]))).toEqual([
			'accepted',
			'accepted',
			'accepted',
			'accepted',
			'revoked'
		]);
	});

	it('when the member’s own key is revoked, only the devices the revocation keeps speak for them', async () => {
		// The removed phone holds the member's key and vouches for a new key of its own.
		const rogue = await Device.make(GROUP);
		const revoke = await laptop.write({
			t: 'revoke',
			author: phone.id,
			after: 1,
			keep: [laptop.id]
		});
		const rogueJoin = await rogue.join('Anna', {
			device: phone,
			cert: await certify(phone.identity, pub(rogue.identity))
		});
		expect(kinds(await ledger.ingestMany([...start, revoke, rogueJoin]))).toEqual([
			'accepted',
			'accepted',
			'accepted',
			'accepted',
			'revoked'
		]);
		// The laptop still writes as Anna, under the member id of the revoked key.
		expect((await ledger.ingest(await laptop.write(goal('g1', 'Laptop')))).kind).toBe('accepted');
		const view = groupView(bram.id, ledger.chains());
		expect(view.members.map((m) => m.name)).toEqual(['Bram', 'Anna']);
		expect(view.items.map((i) => i.author)).toEqual([phone.id]);
	});

	it('does not believe a revocation signed by a key revoked before it', () => {
		const tablet = 'tablet';
		const memberOf = (author: string) =>
			[phone.id, laptop.id, tablet].includes(author) ? phone.id : undefined;
		const held = believedRevocations(
			[
				// The phone, removed after its first link, revokes the tablet at its second.
				{ by: phone.id, seq: 2, target: tablet, after: 0, keep: [phone.id] },
				{ by: laptop.id, seq: 2, target: phone.id, after: 1, keep: [laptop.id, tablet] }
			],
			memberOf
		);
		expect(cutOf(held, phone.id, phone.id)).toBe(1);
		expect(cutOf(held, tablet, phone.id)).toBe(Infinity);
		expect(cutOf(held, laptop.id, phone.id)).toBe(Infinity);
		// Positive control: signed before its cut, the phone's revocation holds.
		const early = believedRevocations(
			[
				{ by: phone.id, seq: 1, target: tablet, after: 0, keep: [phone.id] },
				{ by: laptop.id, seq: 2, target: phone.id, after: 1, keep: [laptop.id, tablet] }
			],
			memberOf
		);
		expect(cutOf(early, tablet, phone.id)).toBe(0);
	});
});

function linksOf(ledger: Ledger, author: string): Link[] {
	return ledger.linksAfter(author, 0);
}

/** The links a ledger accepted past the revocation's cut (still in a database written before). */
function linksPastCut(outcomes: IngestOutcome[]): Link[] {
	return outcomes.flatMap((o) => (o.kind === 'accepted' ? o.links : [])).filter((l) => l.seq > 2);
}
