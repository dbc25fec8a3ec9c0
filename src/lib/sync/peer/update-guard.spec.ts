import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { SHARE_CONTENT_VERSION, type ShareMeta } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import { hostileUpdates, realUpdate, updateMessage } from '$lib/testing/hostile-yjs';
import { makeGoal } from '$lib/testing/factories';
import { writeContent } from '../share-doc';
import { onRefused, syncDoc, type SyncPeer, type SyncTransport } from './doc-sync';
import { Emitter } from './emitter';
import {
	createProber,
	inspectUpdate,
	MAX_SYNC_MESSAGE_BYTES,
	mirrorRunner,
	probeUpdate,
	updateOf,
	type ProbeRequest,
	type RefusalReason
} from './update-guard';

/** No corpus item may take longer than this, from arrival to the next message being read. */
const MAX_ITEM_MS = 3_000;

/** A transport with one peer whose messages the test delivers; what it is sent is recorded. */
function fakePeer() {
	const events = new Emitter<{
		message: { peer: SyncPeer; channel: 'sync' | 'awareness'; bytes: Uint8Array };
	}>();
	const sent: Uint8Array[] = [];
	const peer: SyncPeer = { id: 'hostile', send: async (_, bytes) => void sent.push(bytes) };
	const transport: SyncTransport = {
		peers: () => [peer],
		onPeerAdded: () => () => {},
		onPeerRemoved: () => () => {},
		onMessage: (listener) =>
			events.on('message', ({ peer, channel, bytes }) => listener(peer, channel, bytes))
	};
	const deliver = (bytes: Uint8Array) => events.emit('message', { peer, channel: 'sync', bytes });
	return { transport, sent, deliver };
}

/** Sync step 1 with an empty state vector: its answer shows that everything before was read. */
function stateRequest(): Uint8Array {
	const encoder = encoding.createEncoder();
	syncProtocol.writeSyncStep1(encoder, new Y.Doc());
	return encoding.toUint8Array(encoder);
}

/** What a refusal must leave as it was: the state vector, the root types and their values. */
function snapshot(doc: Y.Doc): string {
	const roots = [...doc.share.keys()].sort();
	return JSON.stringify([[...Y.encodeStateVector(doc)], roots, doc.getMap('content').toJSON()]);
}

function coachDoc(): Y.Doc {
	const doc = new Y.Doc();
	doc.getMap('content').set('g1', { id: 'g1', title: 'Give clear feedback' });
	return doc;
}

describe('the corpus of hostile Yjs updates', () => {
	const corpus = hostileUpdates();

	it('holds what issue 19 asks for', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(60);
		expect(corpus.some((item) => item.bytes.length > MAX_SYNC_MESSAGE_BYTES)).toBe(true);
		expect(corpus.filter((item) => item.name.startsWith('yjs#')).length).toBeGreaterThanOrEqual(6);
	});

	it('is refused or applied by syncDoc, never thrown, quickly, and a refusal changes nothing', async () => {
		const figures = { refused: 0, applied: 0, slowest: { name: '', ms: 0 } };
		for (const item of corpus) {
			const doc = coachDoc();
			const before = snapshot(doc);
			const { transport, sent, deliver } = fakePeer();
			const refusals: RefusalReason[] = [];
			const stop = syncDoc(doc, transport, { onRefused: (_, reason) => refusals.push(reason) });
			sent.length = 0;
			const started = performance.now();
			expect(() => deliver(item.bytes), item.name).not.toThrow();
			deliver(stateRequest());
			await vi.waitFor(() => expect(sent.length, item.name).toBe(1), { timeout: MAX_ITEM_MS });
			const ms = performance.now() - started;
			expect(ms, item.name).toBeLessThan(MAX_ITEM_MS);
			if (ms > figures.slowest.ms) figures.slowest = { name: item.name, ms };
			if (item.expect === 'refused') expect(refusals, item.name).toHaveLength(1);
			if (refusals.length) {
				figures.refused++;
				expect(snapshot(doc), item.name).toBe(before);
			} else figures.applied++;
			expect(doc.getMap('content').get('g1'), item.name).toEqual({
				id: 'g1',
				title: 'Give clear feedback'
			});
			stop();
			doc.destroy();
		}
		console.info(
			`hostile Yjs corpus: ${corpus.length} items, ${figures.refused} refused, ` +
				`${figures.applied} applied, slowest ${figures.slowest.ms.toFixed(0)} ms ` +
				`(${figures.slowest.name})`
		);
		expect(figures.refused + figures.applied).toBe(corpus.length);
	}, 120_000);

	it('is refused or applied by one syncDoc in a row, whose mirror stays in step', async () => {
		const doc = coachDoc();
		const { transport, sent, deliver } = fakePeer();
		const refusals: string[] = [];
		syncDoc(doc, transport, { onRefused: (_, reason) => refusals.push(reason) });
		for (const item of corpus) {
			const before = snapshot(doc);
			const count = refusals.length;
			sent.length = 0;
			deliver(item.bytes);
			deliver(stateRequest());
			await vi.waitFor(() => expect(sent.length, item.name).toBe(1), { timeout: MAX_ITEM_MS });
			if (refusals.length > count) expect(snapshot(doc), item.name).toBe(before);
		}
		expect(refusals.length).toBeGreaterThanOrEqual(
			corpus.filter((item) => item.expect === 'refused').length
		);
		// After all that, an edit from a peer who holds the coach's document still goes through.
		const peerDoc = new Y.Doc();
		Y.applyUpdate(peerDoc, Y.encodeStateAsUpdate(doc));
		const stateVector = Y.encodeStateVector(peerDoc);
		peerDoc.getMap('content').set('g1', { id: 'g1', title: 'Edited after the corpus' });
		const count = refusals.length;
		deliver(updateMessage(Y.encodeStateAsUpdate(peerDoc, stateVector)));
		deliver(stateRequest());
		await vi.waitFor(() =>
			expect(doc.getMap('content').get('g1')).toEqual({
				id: 'g1',
				title: 'Edited after the corpus'
			})
		);
		expect(refusals).toHaveLength(count);
	}, 120_000);

	it('gives the same verdict in the guard alone (updateOf, then the probe)', () => {
		const state = Y.encodeStateAsUpdate(coachDoc());
		for (const item of corpus.filter((entry) => entry.expect === 'refused')) {
			const verdict = (() => {
				if (item.bytes.length > MAX_SYNC_MESSAGE_BYTES) return 'too-large';
				try {
					const update = updateOf(item.bytes);
					return update ? probeUpdate(state, update) : null;
				} catch {
					return 'malformed';
				}
			})();
			expect(verdict, item.name).not.toBeNull();
		}
	});
});

describe('valid updates pass the guard', () => {
	it('applies an update from another document (positive control)', async () => {
		const doc = coachDoc();
		const { transport, sent, deliver } = fakePeer();
		const refusals: RefusalReason[] = [];
		syncDoc(doc, transport, { onRefused: (_, reason) => refusals.push(reason) });
		deliver(updateMessage(realUpdate()));
		deliver(stateRequest());
		await vi.waitFor(() => expect(sent.length).toBeGreaterThan(1));
		expect(refusals).toEqual([]);
		expect(doc.getMap('content').get('item-3')).toEqual({ id: 'item-3', title: 'Goal 3' });
		expect(doc.getText('notes').toString()).toBe('A , written and edited.');
	});

	it('lets the largest legitimate share through: 5,000 items, edited twice', () => {
		const meta: ShareMeta = {
			version: SHARE_CONTENT_VERSION,
			shareId: 's1',
			title: 'Portfolio',
			owner: 'Kim',
			publishedAt: ''
		};
		const source = (round: number) => ({
			goals: Array.from({ length: 5_000 }, (_, i) =>
				makeGoal({
					id: `goal-${i}`,
					title: `Goal ${i}, round ${round}`,
					description: 'Why this matters to me and what I will do about it. '.repeat(4),
					successCriteria: ['I can explain it', 'I did it twice']
				})
			),
			evidence: [],
			reflections: [],
			attachments: [],
			questions: []
		});
		const doc = new Y.Doc();
		for (const round of [1, 2, 3])
			writeContent([doc], meta, projectItems({ kind: 'all' }, source(round)));
		const update = Y.encodeStateAsUpdate(doc);
		const message = updateMessage(update);
		expect(message.length).toBeLessThan(MAX_SYNC_MESSAGE_BYTES / 2);
		console.info(
			`largest legitimate share: ${(message.length / 1e6).toFixed(2)} MB, ` +
				`${Y.decodeUpdate(update).structs.length} structs`
		);
		expect(inspectUpdate(update)).toBeNull();
		expect(probeUpdate(new Uint8Array([0, 0]), update)).toBeNull();
	}, 60_000);

	it('reports refusals to whoever listens on the document', async () => {
		const doc = coachDoc();
		const { transport, sent, deliver } = fakePeer();
		const heard: string[] = [];
		const stopListening = onRefused(doc, (peer, reason) => heard.push(`${peer.id}: ${reason}`));
		syncDoc(doc, transport);
		deliver(new Uint8Array([9]));
		deliver(stateRequest());
		await vi.waitFor(() => expect(sent.length).toBe(2));
		expect(heard).toEqual(['hostile: malformed']);
		stopListening();
	});
});

describe('the probe in a worker', () => {
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	/**
	 * A Worker that answers each probe with `answer`, or never when it is undefined; what it is
	 * told goes to `posted`.
	 */
	function stubWorker(answer: RefusalReason | null | undefined) {
		const terminated: boolean[] = [];
		const posted: { kind: string; bytes: number }[] = [];
		class FakeWorker {
			onmessage: ((event: { data: unknown }) => void) | null = null;
			onerror: (() => void) | null = null;
			postMessage(request: ProbeRequest) {
				const bytes = request.kind === 'reset' ? request.state : request.update;
				posted.push({ kind: request.kind, bytes: bytes.length });
				if (request.kind === 'probe' && answer !== undefined) {
					const { id } = request;
					queueMicrotask(() => this.onmessage?.({ data: { id, refused: answer } }));
				}
			}
			terminate() {
				terminated.push(true);
			}
		}
		vi.stubGlobal('Worker', FakeWorker);
		return { terminated, posted };
	}

	it('stops a probe that runs too long and refuses its update', async () => {
		vi.useFakeTimers();
		const { terminated } = stubWorker(undefined);
		const prober = createProber(new Y.Doc(), 50);
		const verdict = prober.probe(realUpdate());
		// A fresh worker gets 5 s to start on top of the limit; then it is stopped.
		await vi.advanceTimersByTimeAsync(5_000);
		expect(terminated).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(100);
		await expect(verdict).resolves.toBe('timeout');
		expect(terminated).toHaveLength(1);
	});

	it('passes the worker’s verdict on', async () => {
		stubWorker(null);
		const prober = createProber(new Y.Doc(), 5_000);
		await expect(prober.probe(realUpdate())).resolves.toBeNull();
		prober.close();
	});

	it('hands the worker the document once, then each update alone (a probe costs its update)', async () => {
		const { posted } = stubWorker(null);
		const doc = coachDoc();
		for (let i = 0; i < 2_000; i++) doc.getMap('content').set(`item-${i}`, { id: `item-${i}` });
		const state = Y.encodeStateAsUpdate(doc).length;
		const { transport, deliver, sent } = fakePeer();
		syncDoc(doc, transport);
		expect(posted).toEqual([{ kind: 'reset', bytes: state }]);
		// A peer's edit is probed alone, and not handed on again once the document applied it.
		const peerDoc = new Y.Doc();
		Y.applyUpdate(peerDoc, Y.encodeStateAsUpdate(doc));
		const vector = Y.encodeStateVector(peerDoc);
		peerDoc.getMap('content').set('g1', { id: 'g1', title: 'Edited by the peer' });
		const edit = Y.encodeStateAsUpdate(peerDoc, vector);
		sent.length = 0;
		deliver(updateMessage(edit));
		deliver(stateRequest());
		await vi.waitFor(() => expect(sent).toHaveLength(1));
		expect(doc.getMap('content').get('g1')).toEqual({ id: 'g1', title: 'Edited by the peer' });
		// The page's own edit is handed on, so the mirror keeps up.
		doc.getMap('content').set('feedback', 'Well done');
		expect(posted.slice(1).map((p) => p.kind)).toEqual(['probe', 'apply']);
		expect(posted[1]!.bytes).toBe(edit.length);
		expect(posted[2]!.bytes).toBeLessThan(100);
	});

	it('starts the mirror over when a probe found an update malformed', async () => {
		const { posted } = stubWorker('malformed');
		const prober = createProber(coachDoc(), 5_000);
		await expect(prober.probe(realUpdate())).resolves.toBe('malformed');
		expect(posted.map((p) => p.kind)).toEqual(['reset', 'probe', 'reset']);
		prober.close();
	});
});

describe('the mirror a probe runs on', () => {
	it('keeps a probed update, takes in the page’s own, and refuses without throwing', () => {
		const run = mirrorRunner();
		const doc = coachDoc();
		expect(run({ kind: 'reset', state: Y.encodeStateAsUpdate(doc) })).toBeNull();
		const vector = Y.encodeStateVector(doc);
		doc.getMap('content').set('g2', { id: 'g2' });
		expect(run({ kind: 'apply', update: Y.encodeStateAsUpdate(doc, vector) })).toBeNull();
		expect(run({ kind: 'probe', id: 1, update: realUpdate() })).toBeNull();
		// Positive control first: the probe did read; then garbage is refused, not thrown.
		expect(run({ kind: 'probe', id: 2, update: new Uint8Array([1, 2, 3]) })).not.toBeNull();
		expect(run({ kind: 'probe', id: 3, update: new Uint8Array(0) })).toBe('malformed');
	});
});
