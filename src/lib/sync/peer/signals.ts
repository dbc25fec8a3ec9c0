/**
 * The messages peers exchange through the signaling server, inside sealed payloads. They come
 * from anyone who holds the secret, so each is parsed before use.
 */
import * as v from 'valibot';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/));
const Sdp = v.object({
	type: v.picklist(['offer', 'answer', 'pranswer', 'rollback']),
	sdp: v.optional(v.pipe(v.string(), v.maxLength(64 * 1024)))
});
const Ice = v.object({
	candidate: v.optional(v.pipe(v.string(), v.maxLength(2048))),
	sdpMid: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
	sdpMLineIndex: v.optional(v.nullable(v.number())),
	usernameFragment: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(256))))
});

/** A signaling message: announce (I am here), signal (to one peer), leave (I am gone). */
export const SignalMessageSchema = v.variant('t', [
	v.object({
		t: v.literal('announce'),
		n: Id,
		from: Id,
		/** The peers the sender is connected to: one missing from it lost its connection. */
		known: v.pipe(v.array(Id), v.maxLength(256))
	}),
	v.object({
		t: v.literal('signal'),
		n: Id,
		from: Id,
		to: Id,
		cid: Id,
		sdp: v.optional(Sdp),
		ice: v.optional(Ice)
	}),
	v.object({ t: v.literal('leave'), n: Id, from: Id, ended: v.boolean() })
]);
/** A parsed signaling message. */
export type SignalMessage = v.InferOutput<typeof SignalMessageSchema>;

/** The message inside a payload, or null when it is not one. */
export function parseSignal(raw: unknown): SignalMessage | null {
	const result = v.safeParse(SignalMessageSchema, raw);
	return result.success ? result.output : null;
}
