import * as v from 'valibot';
import { SecretSchema } from '../share/links';
import { MAX_EPOCH } from './pair-link';
import { MAX_DEVICE_NAME } from './names';

/**
 * The messages a learner's devices exchange in their room (version 1). Each travels as UTF-8
 * JSON inside the room's sealed, framed data messages. A device trusts its paired devices, yet
 * every message is read through these schemas first: a message that does not fit (too large,
 * unknown kind, another version, wrong shape) is ignored and counted, and the rest go on.
 *
 *   hello  {device, name, epoch, vector, devices}  on meeting: who I am and what I hold
 *   ops    {batch, ops, more, total}               the ops the other lacks, ≤ 1 MB each
 *   ack    {batch, vector}                         after a batch is applied: what I hold now
 *   rekey  {device, secret, epoch, devices}              a device was removed: the group's new secret,
 *                                                  sent only directly to the devices that stay
 * The ops themselves are validated again, one by one, by the sync engine (db/device-sync).
 *
 * A device whose hello says `deflate: true` reads messages deflated: DEFLATED_MARK, then the raw
 * DEFLATE stream of the JSON bytes (sync/devices/wire). Other devices get JSON, and ignore the
 * field (an older version's schema drops what it does not know).
 */
export const PROTOCOL_VERSION = 1;
/** A batch of ops is cut at this many bytes of JSON (more batches follow). */
export const MAX_BATCH_BYTES = 1024 * 1024;
/** No message may be larger than this (a batch, its envelope and one oversized op). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** The most devices a group lists, and ops a batch holds. */
export const MAX_DEVICES = 64;
export const MAX_BATCH_OPS = 50_000;
/** The first byte of a deflated message: JSON text never starts with it. */
export const DEFLATED_MARK = 0;

/** A device id: 128 random bits in base64url (22 characters). */
export const DeviceIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,43}$/));
const NameSchema = v.pipe(v.string(), v.maxLength(MAX_DEVICE_NAME * 2));
const CountSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 40));
const EpochSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_EPOCH));

/** A version vector: the highest contiguous op number held, per device. */
export const VectorSchema = v.pipe(
	v.record(DeviceIdSchema, CountSchema),
	v.check((vector) => Object.keys(vector).length <= 10_000, 'too many devices')
);

export const DeviceEntrySchema = v.object({ id: DeviceIdSchema, name: NameSchema });
const DevicesSchema = v.pipe(v.array(DeviceEntrySchema), v.maxLength(MAX_DEVICES));

const HelloSchema = v.object({
	t: v.literal('hello'),
	v: v.literal(PROTOCOL_VERSION),
	device: DeviceIdSchema,
	name: NameSchema,
	epoch: EpochSchema,
	vector: VectorSchema,
	devices: DevicesSchema,
	/** true: it reads messages deflated (anything else: it does not). */
	deflate: v.optional(v.boolean())
});

const OpsSchema = v.object({
	t: v.literal('ops'),
	v: v.literal(PROTOCOL_VERSION),
	batch: CountSchema,
	ops: v.pipe(v.array(v.unknown()), v.maxLength(MAX_BATCH_OPS)),
	more: v.boolean(),
	/** How many ops the sender counted as missing when this catch-up began (for progress). */
	total: CountSchema
});

const AckSchema = v.object({
	t: v.literal('ack'),
	v: v.literal(PROTOCOL_VERSION),
	batch: CountSchema,
	vector: VectorSchema,
	refused: CountSchema
});

const RekeySchema = v.object({
	t: v.literal('rekey'),
	v: v.literal(PROTOCOL_VERSION),
	/** The device that sends it (a device that missed the change has not met it in this room). */
	device: DeviceIdSchema,
	secret: SecretSchema,
	epoch: EpochSchema,
	devices: DevicesSchema
});

export const DeviceMessageSchema = v.variant('t', [HelloSchema, OpsSchema, AckSchema, RekeySchema]);
export type DeviceMessage = v.InferOutput<typeof DeviceMessageSchema>;
export type Hello = v.InferOutput<typeof HelloSchema>;
export type OpsMessage = v.InferOutput<typeof OpsSchema>;
export type AckMessage = v.InferOutput<typeof AckSchema>;
export type RekeyMessage = v.InferOutput<typeof RekeySchema>;
export type DeviceEntry = v.InferOutput<typeof DeviceEntrySchema>;

/** A message without its version (added when encoded). */
type Unversioned<M> = M extends DeviceMessage ? Omit<M, 'v'> : never;
export type OutgoingMessage = Unversioned<DeviceMessage>;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The bytes of a message. */
export function encodeMessage(message: OutgoingMessage): Uint8Array {
	return encoder.encode(JSON.stringify({ ...message, v: PROTOCOL_VERSION }));
}

/**
 * The bytes of an ops message whose ops are JSON text already (the engine measured each op's
 * text to cut the batch): the same bytes as encodeMessage's, without writing the ops again.
 */
export function encodeOpsMessage(
	message: Omit<Unversioned<OpsMessage>, 'ops'>,
	opsJson: string
): Uint8Array {
	const head = JSON.stringify({ ...message, v: PROTOCOL_VERSION });
	return encoder.encode(`${head.slice(0, -1)},"ops":${opsJson}}`);
}

/** Reads a message's bytes; null for anything that is not a valid message of this version. */
export function decodeMessage(bytes: Uint8Array): DeviceMessage | null {
	if (bytes.byteLength > MAX_MESSAGE_BYTES) return null;
	let raw: unknown;
	try {
		raw = JSON.parse(decoder.decode(bytes));
	} catch {
		return null;
	}
	const parsed = v.safeParse(DeviceMessageSchema, raw);
	return parsed.success ? parsed.output : null;
}

/**
 * Cuts ops into batches of at most `maxBytes` of JSON each (an op larger than that goes alone).
 * The engine's `opsSince` already bounds a batch; this is for ops gathered otherwise.
 */
export function jsonSize(value: unknown): number {
	return encoder.encode(JSON.stringify(value)).byteLength;
}
