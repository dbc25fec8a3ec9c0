/** A factory for group tests: one device writing its own chain with a real key. */
import { envelopeHash, sealContribution } from '../identity/envelope';
import { createIdentity, type Identity, type PublicIdentity } from '../identity/keys';
import { contributionBytes, type Contribution } from './contribution';
import { memberIdOf } from './member-id';

/** The public half of an identity, as a join carries it. */
export const pub = (identity: Identity): PublicIdentity => ({
	alg: identity.alg,
	publicRaw: identity.publicRaw
});

/** One device of a member: its own key and chain in `group`. */
export class Device {
	seq = 0;
	prev = '';
	constructor(
		readonly identity: Identity,
		readonly id: string,
		readonly group: string
	) {}
	static async make(group: string): Promise<Device> {
		const identity = await createIdentity();
		return new Device(identity, await memberIdOf(pub(identity)), group);
	}
	async write(contribution: Contribution, epoch = 0) {
		this.seq += 1;
		const envelope = await sealContribution(
			this.identity,
			{ group: this.group, epoch, author: this.id, seq: this.seq, prev: this.prev },
			contributionBytes(contribution)
		);
		this.prev = await envelopeHash(envelope);
		return envelope;
	}
	/** Joins as itself, or as another device of `member` with that member's cert. */
	join(name: string, member?: { device: Device; cert: string }) {
		return this.write({
			t: 'join',
			name,
			key: pub(this.identity),
			...(member && {
				member: { id: member.device.id, key: pub(member.device.identity), cert: member.cert }
			})
		});
	}
}

/** A goal shared into a group. */
export const goal = (id: string, title: string): Contribution => ({
	t: 'item',
	item: {
		kind: 'goal',
		id,
		title,
		description: '',
		status: 'active',
		targetDate: null,
		successCriteria: [],
		updatedAt: '2026-12-01T10:00:00.000Z'
	}
});
