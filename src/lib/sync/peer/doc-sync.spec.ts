import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { syncAwareness, syncDoc, type SyncPeer, type SyncTransport } from './doc-sync';
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
});
