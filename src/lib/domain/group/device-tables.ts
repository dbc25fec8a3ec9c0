/**
 * What of learning groups travels between a learner's own devices (device sync), never in backup
 * files: the groups themselves (with every epoch's secret), each device's public key, and the
 * certs by which the learner's keys vouch for each other (identity/cert.ts). Private keys never
 * travel: each device signs with its own. Every record from another device is checked against
 * these schemas before it is stored, as a backup import checks its records.
 */
import * as v from 'valibot';
import type { DeviceOnlyTable } from '../table-names';

const b64 = (min: number, max: number) =>
	v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.minLength(min), v.maxLength(max));
const memberId = b64(22, 22);
const secret = b64(43, 43);
const epoch = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const date = v.pipe(v.string(), v.maxLength(40));

/** A group as every device of the learner holds it (what was seen is kept per device). */
export const GroupRecordSchema = v.strictObject({
	id: b64(22, 22),
	name: v.pipe(v.string(), v.maxLength(80)),
	purpose: v.pipe(v.string(), v.maxLength(2_000)),
	creator: memberId,
	epoch,
	secret,
	secrets: v.pipe(
		v.record(v.pipe(v.string(), v.regex(/^\d{1,7}$/)), secret),
		v.check((secrets) => Object.keys(secrets).length <= 1_000, 'too many epochs')
	),
	/** The member this learner is in the group (the key that joined first; see cert.ts). */
	myMemberId: memberId,
	joinedAt: date,
	status: v.picklist(['member', 'left', 'removed'])
});

/** One device's public signing key; its id derives from it (domain/group/member-id.ts). */
export const LearnerKeySchema = v.strictObject({
	id: memberId,
	alg: v.picklist(['Ed25519', 'ECDSA-P256']),
	publicRaw: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43,87}$/)),
	createdAt: date,
	/** The device (its device-sync id) that holds this key. */
	device: v.optional(v.pipe(v.string(), v.maxLength(64))),
	/** When that device was removed: its key is revoked in every group (domain/group/revocation.ts). */
	revokedAt: v.optional(date)
});
export type LearnerKeyRecord = v.InferOutput<typeof LearnerKeySchema>;

/** `signer`'s key vouches for `subject`'s key: id `signer>subject`. */
export const LearnerCertSchema = v.pipe(
	v.strictObject({
		id: v.pipe(v.string(), v.maxLength(45)),
		signer: memberId,
		subject: memberId,
		sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43,128}$/))
	}),
	v.check((cert) => cert.id === `${cert.signer}>${cert.subject}`, 'id')
);
export type LearnerCertRecord = v.InferOutput<typeof LearnerCertSchema>;

/** The tables device sync carries besides the backup's, each with the schema it checks. */
export const DEVICE_ONLY_TABLES = {
	groups: { schema: GroupRecordSchema },
	learnerKeys: { schema: LearnerKeySchema },
	learnerCerts: { schema: LearnerCertSchema }
} as const satisfies Record<DeviceOnlyTable, { schema: v.GenericSchema }>;
