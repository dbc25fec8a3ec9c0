import fc from 'fast-check';
import * as v from 'valibot';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ShareContentSchema, type ShareMeta } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import { makeEvidence, makeGoal, makeReflection } from '$lib/testing/factories';
import { FUZZ, FuzzTally, mutatedBytes, mutatedJson } from '$lib/testing/hostile';
import {
	decodeFrame,
	encodeFrame,
	FrameError,
	openFrame,
	sealFrame,
	type Frame
} from './media-frames';
import { readContent, readResponses, writeContent } from './share-doc';

const meta: ShareMeta = { version: 1, shareId: 's1', title: 'T', owner: 'O', publishedAt: '' };
const items = projectItems(
	{ kind: 'all' },
	{
		goals: [makeGoal({ id: 'g1' })],
		evidence: [makeEvidence({ id: 'e1', goalIds: ['g1'] })],
		reflections: [makeReflection({ id: 'f1', subjectId: 'g1' })],
		attachments: [{ ownerId: 'e1', name: 'a.png', size: 3, type: 'image/png' }],
		questions: []
	}
);
const response = {
	kind: 'feedback',
	id: 'r1',
	itemId: 'e1',
	parentId: null,
	author: 'Coach',
	role: '',
	text: 'Fine',
	createdAt: '2026-01-01'
};
const hash = 'a'.repeat(64);
const frames: Frame[] = [
	{ t: 'want', request: 1, sha256: hash },
	{ t: 'manifest', request: 1, size: 10, chunkSize: 4, chunks: [hash, hash, hash] },
	{ t: 'get', request: 1, from: 0 },
	{ t: 'data', request: 1, chunk: 0, offset: 0, bytes: new Uint8Array([1, 2, 3]) },
	{ t: 'ack', request: 1, chunk: 0 },
	{ t: 'cancel', request: 1 }
];

describe('what peers send, fuzzed', { timeout: 60_000 }, () => {
	it('share documents: whatever a peer writes, the reader sees valid items and responses, each once', async () => {
		const tally = new FuzzTally('peer-share-doc');
		const doc = { meta, items, responses: [response] };
		await fc.assert(
			fc.asyncProperty(mutatedJson([doc]), (text) =>
				tally.time(async () => {
					const raw = JSON.parse(text) as { meta?: unknown; items?: unknown; responses?: unknown };
					const ydoc = new Y.Doc();
					writeContent([ydoc], meta, items);
					ydoc.transact(() => {
						// A hostile peer writes the meta, items under any key (as JSON text, as values, and
						// the changed text whole), and responses.
						if (raw?.meta && typeof raw.meta === 'object')
							for (const [k, value] of Object.entries(raw.meta)) ydoc.getMap('meta').set(k, value);
						const list = Array.isArray(raw?.items) ? raw.items : [raw?.items];
						list.forEach((item, i) =>
							ydoc
								.getMap('content')
								.set(i % 2 ? `k${i}` : 'g1', i % 3 ? item : (JSON.stringify(item) ?? null))
						);
						ydoc.getMap('content').set('text', text);
						const answers = Array.isArray(raw?.responses) ? raw.responses : [raw?.responses];
						answers.forEach((r, i) => ydoc.getMap('responses').set(`r${i}`, r));
					});
					const content = readContent([ydoc]);
					const responses = readResponses(ydoc);
					expect(new Set(responses.map((r) => r.id)).size).toBe(responses.length);
					if (!content) return tally.refuse('meta');
					expect(v.safeParse(ShareContentSchema, content).success).toBe(true);
					tally.accepted++;
				})
			),
			FUZZ
		);
		await tally.save();
		expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
	});

	it('media frames: every changed frame is refused with a FrameError, or read', async () => {
		const tally = new FuzzTally('peer-media-frames');
		const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
			'encrypt',
			'decrypt'
		]);
		const plain = frames.map(encodeFrame);
		const sealed = await Promise.all(plain.map((p) => sealFrame(key, p)));
		const inputs = fc.oneof(
			mutatedBytes(plain).map((bytes) => ({ sealed: false, bytes })),
			mutatedBytes(sealed).map((bytes) => ({ sealed: true, bytes }))
		);
		await fc.assert(
			fc.asyncProperty(inputs, (input) =>
				tally.time(async () => {
					try {
						const frame = input.sealed
							? await openFrame(key, input.bytes)
							: decodeFrame(input.bytes);
						expect(Object.keys(CODES)).toContain(frame.t);
						tally.accepted++;
					} catch (error) {
						if (!(error instanceof FrameError)) throw error;
						tally.refuse(error.message);
					}
				})
			),
			FUZZ
		);
		await tally.save();
		expect(tally.accepted + tally.refused).toBe(FUZZ.numRuns);
	});
});

const CODES = { want: 1, manifest: 2, get: 3, data: 4, ack: 5, absent: 6, cancel: 7 };
