/**
 * The frames of a share's media channel. A coach asks for a file by its SHA-256 ("want"), the
 * learner answers with its manifest (size and the SHA-256 of each stored chunk), the coach asks
 * for the chunks from the first one it lacks ("get"), and the learner sends them as data frames,
 * staying at most a few chunks ahead of the chunks the coach has stored ("ack").
 * Every frame is sealed with AES-256-GCM under the share's media key, so a frame that was changed,
 * replayed from another share or cut short is refused before it is read.
 */
import { hex } from '@scure/base';

/** A sealed data frame is never larger than this. */
export const FRAME_BYTES = 64 * 1024;
/** No frame is larger than this, the message size every browser accepts. */
const MAX_MESSAGE = 256 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATA_HEADER = 1 + 4 + 4 + 4;
/** The most file bytes one data frame carries. */
export const DATA_PAYLOAD = FRAME_BYTES - IV_BYTES - TAG_BYTES - DATA_HEADER;
/** The most chunks a manifest lists (with 4 MiB chunks: 16 GiB; the frame is 128 KiB). */
export const MAX_MANIFEST_CHUNKS = 4096;

export type Frame =
	| { t: 'want'; request: number; sha256: string }
	| { t: 'manifest'; request: number; size: number; chunkSize: number; chunks: string[] }
	| { t: 'get'; request: number; from: number }
	| { t: 'data'; request: number; chunk: number; offset: number; bytes: Uint8Array }
	| { t: 'ack'; request: number; chunk: number }
	| { t: 'absent'; request: number }
	| { t: 'cancel'; request: number };

const CODES = { want: 1, manifest: 2, get: 3, data: 4, ack: 5, absent: 6, cancel: 7 } as const;

/** A frame that is not one of ours: wrong key, changed, truncated or malformed. */
export class FrameError extends Error {
	constructor(reason: string) {
		super(`Bad media frame: ${reason}`);
		this.name = 'FrameError';
	}
}

const HEX = /^[0-9a-f]{64}$/;

function hexToBytes(text: string, into: Uint8Array, at: number): void {
	if (!HEX.test(text)) throw new FrameError('hash');
	into.set(hex.decode(text), at);
}

const bytesToHex = (bytes: Uint8Array, at: number): string =>
	hex.encode(bytes.subarray(at, at + 32));

/** The plain bytes of a frame. */
export function encodeFrame(frame: Frame): Uint8Array {
	let out: Uint8Array;
	switch (frame.t) {
		case 'want':
			out = new Uint8Array(1 + 4 + 32);
			hexToBytes(frame.sha256, out, 5);
			break;
		case 'manifest':
			if (frame.chunks.length > MAX_MANIFEST_CHUNKS) throw new FrameError('too many chunks');
			out = new Uint8Array(1 + 4 + 8 + 4 + 4 + 32 * frame.chunks.length);
			new DataView(out.buffer).setFloat64(5, frame.size);
			new DataView(out.buffer).setUint32(13, frame.chunkSize);
			new DataView(out.buffer).setUint32(17, frame.chunks.length);
			frame.chunks.forEach((hash, i) => hexToBytes(hash, out, 21 + 32 * i));
			break;
		case 'get':
			out = new Uint8Array(1 + 4 + 4);
			new DataView(out.buffer).setUint32(5, frame.from);
			break;
		case 'ack':
			out = new Uint8Array(1 + 4 + 4);
			new DataView(out.buffer).setUint32(5, frame.chunk);
			break;
		case 'data':
			out = new Uint8Array(DATA_HEADER + frame.bytes.byteLength);
			layData(out, frame);
			return out;
		case 'absent':
		case 'cancel':
			out = new Uint8Array(1 + 4);
	}
	out[0] = CODES[frame.t];
	new DataView(out.buffer).setUint32(1, frame.request);
	return out;
}

/** Lays a data frame's plain bytes out at the start of `into`; returns how many they are. */
function layData(into: Uint8Array, frame: DataFrame): number {
	if (frame.bytes.byteLength > DATA_PAYLOAD) throw new FrameError('data too large');
	const view = new DataView(into.buffer, into.byteOffset, DATA_HEADER);
	into[0] = CODES.data;
	view.setUint32(1, frame.request);
	view.setUint32(5, frame.chunk);
	view.setUint32(9, frame.offset);
	into.set(frame.bytes, DATA_HEADER);
	return DATA_HEADER + frame.bytes.byteLength;
}

/** Reads a frame's plain bytes; anything malformed throws a FrameError. */
export function decodeFrame(bytes: Uint8Array): Frame {
	if (bytes.byteLength < 5) throw new FrameError('short');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const request = view.getUint32(1);
	const exactly = (length: number) => {
		if (bytes.byteLength !== length) throw new FrameError('length');
	};
	switch (bytes[0]) {
		case CODES.want:
			exactly(37);
			return { t: 'want', request, sha256: bytesToHex(bytes, 5) };
		case CODES.manifest: {
			if (bytes.byteLength < 21) throw new FrameError('short');
			const size = view.getFloat64(5);
			const chunkSize = view.getUint32(13);
			const count = view.getUint32(17);
			if (count > MAX_MANIFEST_CHUNKS) throw new FrameError('too many chunks');
			exactly(21 + 32 * count);
			const sensible =
				Number.isSafeInteger(size) &&
				size >= 0 &&
				chunkSize > 0 &&
				count === Math.ceil(size / chunkSize);
			if (!sensible) throw new FrameError('manifest');
			const chunks = Array.from({ length: count }, (_, i) => bytesToHex(bytes, 21 + 32 * i));
			return { t: 'manifest', request, size, chunkSize, chunks };
		}
		case CODES.get:
			exactly(9);
			return { t: 'get', request, from: view.getUint32(5) };
		case CODES.data:
			if (bytes.byteLength < DATA_HEADER || bytes.byteLength > DATA_HEADER + DATA_PAYLOAD)
				throw new FrameError('length');
			return {
				t: 'data',
				request,
				chunk: view.getUint32(5),
				offset: view.getUint32(9),
				bytes: bytes.subarray(DATA_HEADER)
			};
		case CODES.ack:
			exactly(9);
			return { t: 'ack', request, chunk: view.getUint32(5) };
		case CODES.absent:
			exactly(5);
			return { t: 'absent', request };
		case CODES.cancel:
			exactly(5);
			return { t: 'cancel', request };
		default:
			throw new FrameError('kind');
	}
}

/** Seals plain frame bytes: a fresh random IV, then AES-GCM ciphertext with its tag. */
export async function sealFrame(
	key: CryptoKey,
	plain: Uint8Array
): Promise<Uint8Array<ArrayBuffer>> {
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain as BufferSource);
	const out = new Uint8Array(IV_BYTES + cipher.byteLength);
	out.set(iv);
	out.set(new Uint8Array(cipher), IV_BYTES);
	return out;
}

/** Opens a sealed frame and reads it; a frame that does not open or read throws a FrameError. */
export async function openFrame(key: CryptoKey, sealed: ArrayBuffer | Uint8Array): Promise<Frame> {
	const bytes = sealed instanceof Uint8Array ? sealed : new Uint8Array(sealed);
	if (bytes.byteLength < IV_BYTES + TAG_BYTES || bytes.byteLength > MAX_MESSAGE)
		throw new FrameError('length');
	let plain: ArrayBuffer;
	try {
		plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES) as BufferSource },
			key,
			bytes.subarray(IV_BYTES) as BufferSource
		);
	} catch {
		throw new FrameError('does not open');
	}
	return decodeFrame(new Uint8Array(plain));
}

/** Seals a frame. */
export const sendable = (key: CryptoKey, frame: Frame) => sealFrame(key, encodeFrame(frame));

type DataFrame = Extract<Frame, { t: 'data' }>;

/**
 * Seals data frames, as `sendable` does, without two new buffers per frame: the plain frame is
 * laid out in one scratch buffer (encryption copies its input when it starts), and each sealed
 * frame is written into the next of `slots` buffers, used in turn. A sealed frame must be sent
 * (a data channel copies what it sends) or dropped before `slots` more frames are sealed.
 */
export function dataSealer(
	key: CryptoKey,
	slots: number
): (frame: DataFrame) => Promise<Uint8Array<ArrayBuffer>> {
	const scratch = new Uint8Array(DATA_HEADER + DATA_PAYLOAD);
	const ring = Array.from({ length: slots }, () => new Uint8Array(FRAME_BYTES));
	let turn = 0;
	return async (frame) => {
		const plain = scratch.subarray(0, layData(scratch, frame));
		const out = ring[turn++ % slots]!;
		const iv = crypto.getRandomValues(out.subarray(0, IV_BYTES));
		const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
		out.set(new Uint8Array(cipher), IV_BYTES);
		return out.subarray(0, IV_BYTES + cipher.byteLength);
	};
}
