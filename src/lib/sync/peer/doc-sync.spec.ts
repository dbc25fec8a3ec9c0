import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import {
	MAX_AWARENESS_CLIENTS,
	syncAwareness,
	syncDoc,
	type SyncPeer,
	type SyncTransport
} from './doc-sync';
import { Emitter } from './emitter';

type Events = {
	added: SyncPeer;
	removed: SyncPeer;
	message: { peer: SyncPeer; channel: 'sync' | 'awareness'; bytes: Uint8Array };
};

/** Two in-memory transports joined to each other (messages are delivered asynchronously). */
function joined() {
	const make = () => ({ events: new Emitter<Events>(), peers: [] as SyncPeer[] });
	const a = make();
	const b = make();
	const peerOf = (self: typeof a, other: typeof a, id: string): SyncPeer => {
		const peer: SyncPeer = {
			id,
			send: async (channel, bytes) => {
				await Promise.resolve();
				other.events.emit('message', { peer: back(other), channel, bytes: bytes.slice() });
			}
		};
		return peer;
	};
	const toB = peerOf(a, b, 'b');
	const toA = peerOf(b, a, 'a');
	const back = (side: typeof a) => (side === a ? toB : toA);
	const transport = (side: typeof a): SyncTransport => ({
		peers: () => side.peers,
		onPeerAdded: (l) => side.events.on('added', l),
		onPeerRemoved: (l) => side.events.on('removed', l),
		onMessage: (l) =>
			side.events.on('message', ({ peer, channel, bytes }) => l(peer, channel, bytes))
	});
	const connect = () => {
		a.peers = [toB];
		b.peers = [toA];
		a.events.emit('added', toB);
		b.events.emit('added', toA);
	};
	const disconnect = () => {
		a.peers = [];
		b.peers = [];
		a.events.emit('removed', toB);
		b.events.emit('removed', toA);
	};
	return {
		a: transport(a),
		b: transport(b),
		connect,
		disconnect,
		deliver: (m: Events['message']) => b.events.emit('message', m),
		toA
	};
}

describe('document sync over y-protocols', () => {
	it('brings two documents together on meeting, then sends every update', async () => {
		const left = new Y.Doc();
		const right = new Y.Doc();
		left.getMap('content').set('a', 1);
		right.getMap('content').set('b', 2);
		const link = joined();
		syncDoc(left, link.a);
		syncDoc(right, link.b);
		link.connect();
		await vi.waitFor(() => expect(right.getMap('content').toJSON()).toEqual({ a: 1, b: 2 }));
		await vi.waitFor(() => expect(left.getMap('content').toJSON()).toEqual({ a: 1, b: 2 }));
		left.getMap('content').set('c', 3);
		await vi.waitFor(() => expect(right.getMap('content').get('c')).toBe(3));
	});

	it('drops what does not decode, without throwing', () => {
		const doc = new Y.Doc();
		const link = joined();
		syncDoc(doc, link.b);
		for (const bytes of [new Uint8Array(0), new Uint8Array([2, 200, 1, 1]), new Uint8Array([9])])
			expect(() => link.deliver({ peer: link.toA, channel: 'sync', bytes })).not.toThrow();
		expect(doc.getMap('content').size).toBe(0);
	});

	it('shares presence and forgets the states of a peer that left', async () => {
		const link = joined();
		const left = new Awareness(new Y.Doc());
		const right = new Awareness(new Y.Doc());
		left.setLocalState({ name: 'Kim' });
		syncAwareness(left, link.a);
		syncAwareness(right, link.b);
		link.connect();
		await vi.waitFor(() => expect(right.getStates().get(left.clientID)).toEqual({ name: 'Kim' }));
		link.disconnect();
		expect(right.getStates().has(left.clientID)).toBe(false);
	});
	it('drops presence that is too large or speaks for too many clients', async () => {
		const link = joined();
		const right = new Awareness(new Y.Doc());
		syncAwareness(right, link.b);
		link.connect();
		/** An awareness message from peer a naming `count` clients, each with `state`. */
		const fromA = (count: number, state: Record<string, unknown>, firstId: number) => {
			const source = new Awareness(new Y.Doc());
			const ids: number[] = [];
			for (let i = 0; i < count; i++) {
				source.clientID = firstId + i;
				// Twice: a receiver takes a client's state from its second clock on.
				source.setLocalState(state);
				source.setLocalState(state);
				ids.push(firstId + i);
			}
			const encoder = encoding.createEncoder();
			encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(source, ids));
			return encoding.toUint8Array(encoder);
		};
		const deliver = (bytes: Uint8Array) =>
			link.deliver({ peer: link.toA, channel: 'awareness', bytes });
		// Positive control: a small update for two clients is taken.
		deliver(fromA(2, { name: 'Kim' }, 1000));
		await vi.waitFor(() => expect(right.getStates().get(1001)).toEqual({ name: 'Kim' }));
		// Too many clients from one peer, or too many bytes: dropped, and nothing of it shows.
		deliver(fromA(MAX_AWARENESS_CLIENTS, { name: 'Flood' }, 2000));
		deliver(fromA(1, { name: 'x'.repeat(70_000) }, 3000));
		// Positive control after them: a later small update still arrives.
		deliver(fromA(1, { name: 'Sam' }, 4000));
		await vi.waitFor(() => expect(right.getStates().get(4000)).toEqual({ name: 'Sam' }));
		expect(right.getStates().has(2000)).toBe(false);
		expect(right.getStates().has(3000)).toBe(false);
	});
});
