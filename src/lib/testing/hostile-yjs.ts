import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { MAX_STRING_CHARS } from '$lib/sync/peer/update-guard';

/**
 * Hostile Yjs sync messages, as a peer could send them (peer/update-guard.spec.ts): malformed
 * bytes, cut-off and bit-flipped real updates, huge ones, deep ones, swarms of tiny structs, and
 * the inputs yjs issues reported as hanging or crashing readers. Each says what must happen:
 * `refused`, or `either` where a valid-but-odd update may be applied (but must not hang or throw).
 */
export interface HostileUpdate {
	name: string;
	bytes: Uint8Array;
	expect: 'refused' | 'either';
}

/** A y-protocols update message (type 2) carrying `update`. */
export function updateMessage(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	syncProtocol.writeUpdate(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A y-protocols sync step 2 (type 1) carrying `update`. */
function step2Message(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** A V1 update written by hand: `structs` of one client, then an empty delete set. */
function craftedUpdate(structCount: number, structs: (encoder: encoding.Encoder) => void) {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // clients
	encoding.writeVarUint(encoder, structCount);
	encoding.writeVarUint(encoder, 7); // client id
	encoding.writeVarUint(encoder, 0); // first clock
	structs(encoder);
	encoding.writeVarUint(encoder, 0); // delete set: no clients
	return encoding.toUint8Array(encoder);
}

/** An item under root map `m` whose content (ContentAny, info 8) the caller writes. */
function writeAnyItem(encoder: encoding.Encoder, content: (encoder: encoding.Encoder) => void) {
	encoding.writeUint8(encoder, 8); // ContentAny, no origins: parent info follows
	encoding.writeVarUint(encoder, 1); // parent is a root type, by name
	encoding.writeVarString(encoder, 'm');
	encoding.writeVarUint(encoder, 1); // one value
	content(encoder);
}

const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((byte) => parseInt(byte, 16)));

/** A deterministic stream of bytes (xorshift), so the corpus is the same on every run. */
function noise(seed: number, length: number): Uint8Array {
	let state = seed;
	return Uint8Array.from({ length }, () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return state & 0xff;
	});
}

/** A real update, as a coach would receive it: a map with a few entries and a text. */
export function realUpdate(): Uint8Array {
	const doc = new Y.Doc();
	const map = doc.getMap('content');
	for (let i = 0; i < 20; i++) map.set(`item-${i}`, { id: `item-${i}`, title: `Goal ${i}` });
	doc.getText('notes').insert(0, 'A reflection, written and edited.');
	doc.getText('notes').delete(2, 10);
	return Y.encodeStateAsUpdate(doc);
}

/** The corpus: every item a sync message from a hostile or broken peer. */
export function hostileUpdates(): HostileUpdate[] {
	const valid = realUpdate();
	const corpus: HostileUpdate[] = [];
	const add = (name: string, bytes: Uint8Array, expect: HostileUpdate['expect'] = 'refused') =>
		corpus.push({ name, bytes, expect });

	// Malformed framing.
	add('an empty message', new Uint8Array(0));
	add('an unknown message type', new Uint8Array([9]));
	add('a length beyond the end', new Uint8Array([2, 200, 1, 1]));
	add('a length of 64 MiB with 3 bytes behind it', new Uint8Array([2, 0x80, 0x80, 0x80, 0x20, 1]));
	add('a varint that never ends', new Uint8Array(64).fill(0xff));
	add('trailing bytes after the update', new Uint8Array([...updateMessage(valid), 1, 2, 3]));
	add('a state vector that does not decode', new Uint8Array([0, 3, 5, 0xff, 0xff]));

	// From yjs issues.
	add('yjs#498: an empty update (readVarUint looped)', updateMessage(new Uint8Array(0)));
	add(
		'yjs#479: base64 "garbagedoc" as an update (hung forever)',
		updateMessage(Uint8Array.from(atob('garbagedoc'), (c) => c.charCodeAt(0)))
	);
	const rle = hex('00010000000001000100010200001602000001fdffffffff7f0000');
	// Those bytes attack the V2 decoder; sync messages carry V1, where they read as nearly nothing.
	add('yjs#687: the run-length bytes that looped mergeUpdatesV2', updateMessage(rle), 'either');
	add('yjs#687: the same bytes as sync step 2', step2Message(rle), 'either');
	add(
		'yjs#687: 2^31 structs announced, none sent',
		updateMessage(craftedUpdate(2 ** 31, () => {}))
	);
	add(
		'yjs#687: a GC struct of length 2^52',
		updateMessage(
			craftedUpdate(1, (e) => {
				encoding.writeUint8(e, 0);
				encoding.writeVarUint(e, 2 ** 52);
			})
		),
		'either'
	);
	add(
		'yjs#516: a varint cut off inside an item',
		updateMessage(valid.slice(0, 6).map((b, i) => (i === 5 ? b | 0x80 : b)))
	);

	// Cut-off and bit-flipped real updates.
	for (const fraction of [0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
		add(
			`a real update cut at ${fraction * 100}%`,
			updateMessage(valid.slice(0, Math.floor(valid.length * fraction))),
			'either'
		);
	for (let i = 0; i < 24; i++) {
		const flipped = valid.slice();
		const at = (i * 7919) % flipped.length;
		flipped[at] = flipped[at]! ^ (1 << (i % 8));
		add(`a real update with bit ${i % 8} of byte ${at} flipped`, updateMessage(flipped), 'either');
	}
	for (let i = 0; i < 12; i++)
		add(`${200 * (i + 1)} random bytes (seed ${i + 1})`, noise(i + 1, 200 * (i + 1)), 'either');
	for (let i = 0; i < 6; i++)
		add(`an update of random bytes (seed ${i + 20})`, updateMessage(noise(i + 20, 4096)), 'either');

	// Huge.
	const huge = new Y.Doc();
	huge.getMap('content').set('x', 'a'.repeat(9 * 1024 * 1024));
	add('an update above the size cap (9 MiB string)', updateMessage(Y.encodeStateAsUpdate(huge)));
	const long = new Y.Doc();
	long.getText('notes').insert(0, 'b'.repeat(MAX_STRING_CHARS + 1));
	add('a text one character over the cap', updateMessage(Y.encodeStateAsUpdate(long)));
	const keyed = new Y.Doc();
	keyed.getMap('c'.repeat(MAX_STRING_CHARS + 1)).set('k', 1);
	add('a root type whose name is over the cap', updateMessage(Y.encodeStateAsUpdate(keyed)));
	const ranges = encoding.createEncoder();
	encoding.writeVarUint(ranges, 0); // no structs
	encoding.writeVarUint(ranges, 1); // one client in the delete set
	encoding.writeVarUint(ranges, 7);
	encoding.writeVarUint(ranges, 300_000);
	for (let i = 0; i < 300_000; i++) {
		encoding.writeVarUint(ranges, i * 2);
		encoding.writeVarUint(ranges, 1);
	}
	add('a delete set of 300,000 ranges', updateMessage(encoding.toUint8Array(ranges)));

	// Deep.
	const nested = new Y.Doc();
	let map = nested.getMap('content');
	for (let i = 0; i < 100; i++) {
		const inner = new Y.Map<unknown>();
		map.set('child', inner);
		map = inner;
	}
	add('Yjs maps nested 100 deep', updateMessage(Y.encodeStateAsUpdate(nested)));
	const deepJson = new Y.Doc();
	let value: unknown = 'leaf';
	for (let i = 0; i < 200; i++) value = { next: value };
	deepJson.getMap('content').set('deep', value);
	add('a JSON value nested 200 deep', updateMessage(Y.encodeStateAsUpdate(deepJson)));
	add(
		'a JSON array nested 200,000 deep (blows the decoder stack)',
		updateMessage(
			craftedUpdate(1, (e) =>
				writeAnyItem(e, (content) => {
					for (let i = 0; i < 200_000; i++) {
						encoding.writeUint8(content, 117); // array
						encoding.writeVarUint(content, 1);
					}
					encoding.writeUint8(content, 126); // null
				})
			)
		)
	);
	add(
		'a JSON array announcing 2^40 values',
		updateMessage(
			craftedUpdate(1, (e) =>
				writeAnyItem(e, (content) => {
					encoding.writeUint8(content, 117);
					encoding.writeVarUint(content, 2 ** 40);
				})
			)
		)
	);

	// Many tiny structs.
	const gcs = (count: number) =>
		craftedUpdate(count, (e) => {
			for (let i = 0; i < count; i++) {
				encoding.writeUint8(e, 0);
				encoding.writeVarUint(e, 1);
			}
		});
	add('300,000 one-clock GC structs', updateMessage(gcs(300_000)));
	add('50,000 one-clock GC structs', updateMessage(gcs(50_000)), 'either');
	const items = craftedUpdate(250_000, (e) => {
		for (let i = 0; i < 250_000; i++)
			writeAnyItem(e, (content) => encoding.writeUint8(content, 126));
	});
	add('250,000 map entries under one key', updateMessage(items));

	// Valid but odd: an item that waits for a client that never comes.
	const pending = encoding.createEncoder();
	encoding.writeVarUint(pending, 1);
	encoding.writeVarUint(pending, 1);
	encoding.writeVarUint(pending, 7);
	encoding.writeVarUint(pending, 1_000_000_000); // far ahead of anything seen
	writeAnyItem(pending, (content) => encoding.writeUint8(content, 126));
	encoding.writeVarUint(pending, 0);
	add(
		'an item at clock 10^9 of an unknown client',
		updateMessage(encoding.toUint8Array(pending)),
		'either'
	);
	// Half an update that names a new root type before it breaks: nothing of it may stay.
	add(
		'a new root type, then garbage',
		updateMessage(
			craftedUpdate(2, (e) => {
				encoding.writeUint8(e, 8);
				encoding.writeVarUint(e, 1);
				encoding.writeVarString(e, 'intruder');
				encoding.writeVarUint(e, 1);
				encoding.writeUint8(e, 126);
				encoding.writeUint8(e, 0x1f); // an unknown content kind
			})
		)
	);
	return corpus;
}
