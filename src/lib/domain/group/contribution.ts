/**
 * What a member of a learning group can say, one signed envelope at a time (see
 * `identity/envelope.ts`). Each member writes only their own chain; what the group shows is
 * derived from all verified chains (view.ts). Nothing here is read back into the learner's own
 * portfolio.
 */
import * as v from 'valibot';
import { SharedItemSchema } from '../share/content';
import { PublicIdentitySchema } from '../identity/keys';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const name = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80));
const order = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/** Everything a member can contribute; `t` names the kind. */
export const ContributionSchema = v.variant('t', [
	/**
	 * The first link of every chain: who this is, by the name they chose, and the public key
	 * every later link must verify against (the author id is derived from it: member-id.ts).
	 * A learner's other device joins as the same member: `member` names the member's own key
	 * (the member id derives from it) and carries that key's cert for this device's key
	 * (identity/cert.ts), so no device can join in the name of a member whose key it lacks.
	 */
	v.strictObject({
		t: v.literal('join'),
		name,
		key: PublicIdentitySchema,
		member: v.optional(
			v.strictObject({
				id,
				key: PublicIdentitySchema,
				cert: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43,128}$/))
			})
		)
	}),
	/** A new name for oneself. */
	v.strictObject({ t: v.literal('rename'), name }),
	/** The member leaves: what they shared is no longer shown. */
	v.strictObject({ t: v.literal('leave') }),
	/** The group's name and purpose; believed from the creator only. */
	v.strictObject({ t: v.literal('about'), name, purpose: v.pipe(v.string(), v.maxLength(2_000)) }),
	/**
	 * The creator removes a member; the group then moves to a new key and epoch. `next` commits
	 * to the next epoch's secret (a value derived from it, sync/groups/keys.ts), so a member who
	 * is handed that secret later can tell that it is the creator's, whoever hands it over.
	 */
	v.strictObject({
		t: v.literal('remove'),
		member: id,
		next: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)))
	}),
	/**
	 * The member's device with key `author` was removed (Settings → Devices): its links after
	 * `after` are no longer believed, and a device joining in the name of that key is believed
	 * only when listed in `keep` (the member's other keys when this was signed). Believed only
	 * from another device of the same member (revocation.ts).
	 */
	v.strictObject({
		t: v.literal('revoke'),
		author: id,
		after: order,
		keep: v.pipe(v.array(id), v.maxLength(100))
	}),
	/**
	 * A goal, evidence or reflection shared into the group, as it is now. `n` orders a member's
	 * versions of one item across their devices (each device writes its own chain): the
	 * greatest wins, so an update or unshare made on one device is not undone by an older one
	 * from another.
	 */
	v.strictObject({ t: v.literal('item'), item: SharedItemSchema, n: v.optional(order) }),
	/** No longer shared. */
	v.strictObject({ t: v.literal('unshare'), id, n: v.optional(order) }),
	/** Peer feedback on an item of any member, in threads, at a moment of a vlog too. */
	v.strictObject({
		t: v.literal('comment'),
		id,
		/** The item: whose, and which. */
		on: v.strictObject({ author: id, item: id }),
		parent: v.nullable(id),
		text: text(20_000),
		at: v.nullable(v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(24 * 3600)))
	}),
	/** A question a member asks the group. */
	v.strictObject({ t: v.literal('question'), id, text: text(5_000) })
]);
export type Contribution = v.InferOutput<typeof ContributionSchema>;

/** Reads a contribution from a verified payload; null when it is not one (it is then ignored). */
export function readContribution(payload: Uint8Array): Contribution | null {
	let json: unknown;
	try {
		json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
	} catch {
		return null;
	}
	const parsed = v.safeParse(ContributionSchema, json);
	return parsed.success ? parsed.output : null;
}

/** The bytes of a contribution, to sign. */
export function contributionBytes(contribution: Contribution): Uint8Array {
	return new TextEncoder().encode(JSON.stringify(contribution));
}
