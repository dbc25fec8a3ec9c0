import { DEFLATED_MARK } from '$lib/domain/devices/protocol';
import { streamsDeflate } from '../peer/framing';
import { pipeBytes } from '../sealed';

/**
 * Device messages deflated on the wire, with the platform's CompressionStream ('deflate-raw'): a
 * first sync's ops are JSON that deflates to about a ninth, so a phone sends and receives a ninth
 * of the bytes, and both sides seal, frame and open a ninth of them. A deflated message is the
 * mark byte, then the raw DEFLATE stream of the message's JSON bytes. A device sends it only to a
 * device whose hello said it reads them (domain/devices/protocol).
 */

/** Does this browser deflate and inflate (raw DEFLATE)? */
export const wireDeflates: boolean = streamsDeflate;

/** Messages shorter than this travel as they are: deflating them saves next to nothing. */
export const DEFLATE_FROM = 1024;

/** The deflated form of a message's bytes (the mark, then the DEFLATE stream). */
export async function deflateMessage(bytes: Uint8Array): Promise<Uint8Array> {
	const deflated = await pipeBytes(bytes, new CompressionStream('deflate-raw'), Infinity);
	const out = new Uint8Array(1 + deflated.byteLength);
	out[0] = DEFLATED_MARK;
	out.set(deflated, 1);
	return out;
}

/** Is `bytes` a deflated message (else JSON text)? */
export const isDeflated = (bytes: Uint8Array): boolean =>
	bytes.byteLength > 0 && bytes[0] === DEFLATED_MARK;

/**
 * A deflated message's bytes, inflated; null when they do not inflate or would be more than
 * `max` bytes (reading stops there).
 */
export async function inflateMessage(bytes: Uint8Array, max: number): Promise<Uint8Array | null> {
	return pipeBytes(bytes.subarray(1), new DecompressionStream('deflate-raw'), max).catch(
		() => null
	);
}
