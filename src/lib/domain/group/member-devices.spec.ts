import { beforeAll, describe, expect, it } from 'vitest';
import { certify, checkCert } from '../identity/cert';
import type { Contribution } from './contribution';
import { Ledger } from './ledger';
import { Device as GroupDevice, goal, pub } from './test-device';
import { groupView } from './view';

/** One learner on two devices (each its own key), as a group reads them. */
const GROUP = 'group-devices';
const Device = { make: () => GroupDevice.make(GROUP) };
type Device = GroupDevice;

let phone: Device;
let laptop: Device;
let mallory: Device;
let coach: Device;

beforeAll(async () => {
	[phone, laptop, mallory, coach] = await Promise.all([
		Device.make(),
		Device.make(),
		Device.make(),
		Device.make()
	]);
});

describe('one member on several devices', () => {
	it('a cert holds for the key it names only, and only from the signer', async () => {
		const cert = await certify(phone.identity, pub(laptop.identity));
		expect(await checkCert(pub(phone.identity), pub(laptop.identity), cert)).toBe(true);
		expect(await checkCert(pub(phone.identity), pub(mallory.identity), cert)).toBe(false);
		expect(await checkCert(pub(mallory.identity), pub(laptop.identity), cert)).toBe(false);
		expect(await checkCert(pub(phone.identity), pub(laptop.identity), 'AAAA')).toBe(false);
	});

	it('shows a learner writing from two devices as one member, and refuses a device without the member’s cert', async () => {
		const ledger = new Ledger(GROUP, coach.id, () => 0);
		const cert = await certify(phone.identity, pub(laptop.identity));
		// Mallory claims to be a device of the phone's member with a cert made for the laptop.
		const forged = await mallory.join('Anna', { device: phone, cert });
		const outcomes = await ledger.ingestMany([
			await coach.join('Coach'),
			await phone.join('Anna'),
			await phone.write(goal('g1', 'Presenteren')),
			await laptop.join('Anna', { device: phone, cert }),
			await laptop.write({
				t: 'comment',
				id: 'c1',
				on: { author: phone.id, item: 'g1' },
				parent: null,
				text: 'Written on the laptop',
				at: null
			}),
			await laptop.write(goal('g2', 'Reflecteren')),
			forged
		]);
		expect(outcomes.map((o) => (o.kind === 'refused' ? o.reason : o.kind))).toEqual([
			'accepted',
			'accepted',
			'accepted',
			'accepted',
			'accepted',
			'accepted',
			'bad-join'
		]);
		const view = groupView(coach.id, ledger.chains());
		expect(view.members.map((m) => [m.id, m.name])).toEqual([
			[coach.id, 'Coach'],
			[phone.id, 'Anna']
		]);
		expect(view.items.map((i) => [i.author, i.item.id])).toEqual([
			[phone.id, 'g1'],
			[phone.id, 'g2']
		]);
		expect(view.comments.map((c) => c.author)).toEqual([phone.id]);
		expect(ledger.memberOf(laptop.id)).toBe(phone.id);
	});

	it('a removal of the member stops all of their devices, and the creator may remove from any device', async () => {
		const creatorPhone = await Device.make();
		const creatorLaptop = await Device.make();
		const member = await Device.make();
		const memberLaptop = await Device.make();
		let epoch = 0;
		const ledger = new Ledger(GROUP, creatorPhone.id, () => epoch);
		await ledger.ingestMany([
			await creatorPhone.join('Coach'),
			await creatorLaptop.join('Coach', {
				device: creatorPhone,
				cert: await certify(creatorPhone.identity, pub(creatorLaptop.identity))
			}),
			await member.join('Bram'),
			await memberLaptop.join('Bram', {
				device: member,
				cert: await certify(member.identity, pub(memberLaptop.identity))
			}),
			await creatorLaptop.write({ t: 'remove', member: member.id })
		]);
		expect(ledger.removals().get(member.id)).toBe(0);
		epoch = 1;
		const late = await ledger.ingest(await memberLaptop.write(goal('g9', 'Te laat'), 1));
		expect(late).toMatchObject({ kind: 'refused', reason: 'removed' });
		const view = groupView(creatorPhone.id, ledger.chains());
		expect(view.members.find((m) => m.id === member.id)?.status).toBe('removed');
		expect(view.items).toEqual([]);
	});

	it('an unshare or update made on one device is not undone by an older version from another', async () => {
		const a = await Device.make();
		const b = await Device.make();
		const ledger = new Ledger(GROUP, a.id, () => 0);
		const cert = await certify(a.identity, pub(b.identity));
		const shared = (title: string, n: number): Contribution => {
			const c = goal('g1', title);
			return c.t === 'item' ? { ...c, n } : c;
		};
		await ledger.ingestMany([
			await a.join('Anna'),
			await a.write(shared('First', 0)),
			await b.join('Anna', { device: a, cert }),
			await b.write(shared('Second', 1)),
			await a.write(goal('g2', 'Other'))
		]);
		let view = groupView(a.id, ledger.chains());
		// The laptop's newer version wins although the phone's chain is read first.
		expect(view.items.map((i) => ('title' in i.item ? i.item.title : ''))).toEqual([
			'Second',
			'Other'
		]);
		expect(view.versions.get(a.id)?.get('g1')).toBe(1);
		await ledger.ingest(await a.write({ t: 'unshare', id: 'g1', n: 2 }));
		view = groupView(a.id, ledger.chains());
		expect(view.items.map((i) => i.item.id)).toEqual(['g2']);
	});
});
