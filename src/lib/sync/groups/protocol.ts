/**
 * The messages of a group room (JSON over the room's framed, sealed data channel). Every message
 * is checked against its schema and size before it is acted on; what does not fit is ignored and
 * counted. Envelopes inside `links` are checked one by one by the ledger.
 *   hello  → each side, when a peer comes online: who I claim to be, my epoch, a fresh nonce
 *   prove  → answer to hello: my signature over your nonce, the room and both peer ids
 *   have   → how many links of each author I hold
 *   links  → envelopes the other side lacks, exactly as signed
 *   rekey  → the next epoch's secret, sealed for a member who proved themselves and is behind
 */
import * as v from 'valibot';

export const PROTOCOL_VERSION = 1;
/** A message larger than this is not parsed. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Links per message, and the bytes a sender puts in one. */
export const MAX_LINKS_PER_MESSAGE = 500;
export const LINKS_MESSAGE_BYTES = 4 * 1024 * 1024;

const b64 = (min: number, max: number) =>
	v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/), v.minLength(min), v.maxLength(max));
const member = b64(22, 22);
const epoch = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));

export const GroupMessageSchema = v.variant('t', [
	v.strictObject({ v: v.literal(1), t: v.literal('hello'), member, epoch, nonce: b64(22, 22) }),
	v.strictObject({
		v: v.literal(1),
		t: v.literal('prove'),
		member,
		ecdh: b64(87, 87),
		sig: b64(64, 128)
	}),
	v.strictObject({
		v: v.literal(1),
		t: v.literal('have'),
		heads: v.pipe(
			v.record(member, v.pipe(v.number(), v.integer(), v.minValue(0))),
			v.check((heads) => Object.keys(heads).length <= 5_000)
		)
	}),
	v.strictObject({
		v: v.literal(1),
		t: v.literal('links'),
		list: v.pipe(v.array(v.unknown()), v.maxLength(MAX_LINKS_PER_MESSAGE))
	}),
	v.strictObject({
		v: v.literal(1),
		t: v.literal('rekey'),
		epoch,
		ecdh: b64(87, 87),
		iv: b64(16, 16),
		ct: b64(64, 64)
	})
]);
export type GroupMessage = v.InferOutput<typeof GroupMessageSchema>;

/** Reads a message from a peer; null when it is not one (too large, not JSON, wrong shape). */
export function readMessage(bytes: Uint8Array): GroupMessage | null {
	if (bytes.length > MAX_MESSAGE_BYTES) return null;
	let json: unknown;
	try {
		json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		return null;
	}
	const parsed = v.safeParse(GroupMessageSchema, json);
	return parsed.success ? parsed.output : null;
}

export function messageBytes(message: GroupMessage): Uint8Array {
	return new TextEncoder().encode(JSON.stringify(message));
}

/** Splits envelopes into `links` messages of at most LINKS_MESSAGE_BYTES (or the count cap). */
export function linkMessages(envelopes: readonly unknown[]): GroupMessage[] {
	const out: GroupMessage[] = [];
	let list: unknown[] = [];
	let bytes = 0;
	for (const envelope of envelopes) {
		const size = JSON.stringify(envelope).length;
		if (
			list.length &&
			(bytes + size > LINKS_MESSAGE_BYTES || list.length >= MAX_LINKS_PER_MESSAGE)
		) {
			out.push({ v: 1, t: 'links', list });
			list = [];
			bytes = 0;
		}
		list.push(envelope);
		bytes += size;
	}
	if (list.length) out.push({ v: 1, t: 'links', list });
	return out;
}
