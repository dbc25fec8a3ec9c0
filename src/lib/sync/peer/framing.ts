/**
 * Messages of any size over a data channel: each message is cut into frames of at most
 * FRAME_BYTES and put back together on the other side. A frame is
 *   [version u8][message id u32][index u32][count u32][total length u32][payload]
 * and, with a key, the payload is sealed (AES-GCM) with the 17-byte header as associated data,
 * so a frame from another share or with a changed header does not open. Version 2 says that the
 * message was deflated (raw DEFLATE) before it was cut: the reader inflates it, never beyond the
 * largest message it accepts. Channels are ordered: a frame that is truncated, out of order,
 * from the wrong key or that declares a message larger than allowed drops the message it belongs
 * to, as does a message that does not inflate; nothing throws.
 */
import { pipeBytes } from '../sealed';
import { ENVELOPE_BYTES, openBytes, sealBytes } from './envelope';

const PLAIN = 1;
const DEFLATED = 2;

/** Does this browser deflate and inflate (raw DEFLATE) with its own streams? */
export const streamsDeflate: boolean = (() => {
	try {
		new CompressionStream('deflate-raw');
		new DecompressionStream('deflate-raw');
		return true;
	} catch {
		return false;
	}
})();

/** A message's bytes deflated (raw DEFLATE), to send with `toFrames(…, { deflated: true })`. */
export const deflate = (message: Uint8Array): Promise<Uint8Array> =>
	pipeBytes(message, new CompressionStream('deflate-raw'), Infinity);
/** Bytes of a frame's header. */
export const HEADER_BYTES = 17;
/** No frame is larger than this (well under the 256 KiB every browser accepts). */
export const FRAME_BYTES = 64 * 1024;
/** The largest message a reader accepts unless told otherwise. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** How many payload bytes one frame carries. */
export const payloadBytes = (key: CryptoKey | undefined) =>
	FRAME_BYTES - HEADER_BYTES - (key ? ENVELOPE_BYTES : 0);

function header(
	id: number,
	index: number,
	count: number,
	total: number,
	deflated: boolean
): Uint8Array {
	const out = new Uint8Array(HEADER_BYTES);
	const view = new DataView(out.buffer);
	out[0] = deflated ? DEFLATED : PLAIN;
	view.setUint32(1, id);
	view.setUint32(5, index);
	view.setUint32(9, count);
	view.setUint32(13, total);
	return out;
}

/**
 * The frames of one message, made one at a time (so a large message is never copied whole);
 * `deflated`: the message is deflated bytes, which the reader inflates.
 */
export async function* toFrames(
	message: Uint8Array,
	id: number,
	key?: CryptoKey,
	{ deflated = false } = {}
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
	const size = payloadBytes(key);
	const count = Math.max(1, Math.ceil(message.byteLength / size));
	for (let index = 0; index < count; index++) {
		const head = header(id, index, count, message.byteLength, deflated);
		const part = message.subarray(index * size, (index + 1) * size);
		const body = key ? await sealBytes(key, part, head) : part;
		const frame = new Uint8Array(HEADER_BYTES + body.byteLength);
		frame.set(head);
		frame.set(body, HEADER_BYTES);
		yield frame;
	}
}

interface Partial {
	id: number;
	version: number;
	count: number;
	total: number;
	next: number;
	received: number;
	parts: Uint8Array[];
}

/** Puts frames back into messages, in the order they were sent. */
export class Reassembler {
	#key: CryptoKey | undefined;
	#max: number;
	#partial: Partial | undefined;
	#queue: Promise<unknown> = Promise.resolve();
	/** Frames dropped so far (for tests and diagnostics). */
	dropped = 0;

	constructor(options: { key?: CryptoKey; maxMessageBytes?: number } = {}) {
		this.#key = options.key;
		this.#max = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
	}

	/** Takes the next frame; resolves with a whole message once its last frame arrived. */
	push(frame: ArrayBuffer | Uint8Array): Promise<Uint8Array | null> {
		const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
		const result = this.#queue.then(() => this.#take(bytes)).catch(() => this.#drop());
		this.#queue = result;
		return result;
	}

	#drop(): null {
		this.dropped++;
		this.#partial = undefined;
		return null;
	}

	async #take(frame: Uint8Array): Promise<Uint8Array | null> {
		const version = frame[0];
		const known = version === PLAIN || (version === DEFLATED && streamsDeflate);
		if (frame.byteLength < HEADER_BYTES || frame.byteLength > FRAME_BYTES || !known)
			return this.#drop();
		const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
		const id = view.getUint32(1);
		const index = view.getUint32(5);
		const count = view.getUint32(9);
		const total = view.getUint32(13);
		const sane = total <= this.#max && count >= 1 && index < count && count <= total + 1;
		if (!sane) return this.#drop();
		if (index === 0) this.#partial = { id, version, count, total, next: 0, received: 0, parts: [] };
		const partial = this.#partial;
		if (!partial || partial.id !== id || partial.next !== index) return this.#drop();
		if (partial.count !== count || partial.total !== total || partial.version !== version)
			return this.#drop();
		const body = frame.subarray(HEADER_BYTES);
		const payload = this.#key
			? await openBytes(this.#key, body, frame.subarray(0, HEADER_BYTES))
			: body.slice();
		if (!payload || partial.received + payload.byteLength > total) return this.#drop();
		partial.parts.push(payload);
		partial.received += payload.byteLength;
		partial.next++;
		if (partial.next < count) return null;
		this.#partial = undefined;
		if (partial.received !== total) return this.#drop();
		let message = partial.parts[0]!;
		if (partial.parts.length > 1) {
			message = new Uint8Array(total);
			let offset = 0;
			for (const part of partial.parts) {
				message.set(part, offset);
				offset += part.byteLength;
			}
		}
		if (version === PLAIN) return message;
		// Inflating stops (and throws) as soon as it passes the largest message accepted.
		return pipeBytes(message, new DecompressionStream('deflate-raw'), this.#max);
	}
}
