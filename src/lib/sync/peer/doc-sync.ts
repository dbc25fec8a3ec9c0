/**
 * Keeps a Y.Doc (and optionally an Awareness) in step with every online peer, with the Yjs
 * protocols from y-protocols: on meeting, each side sends sync step 1 (its state vector) and
 * answers the other's with step 2 (what it lacks); after that every local update is sent on.
 * An update is applied with its peer as transaction origin, so it is never echoed back to it.
 * Peers are untrusted: every sync message passes update-guard.ts first (size, structure, a probe
 * off the main thread), in arrival order; what it refuses, or what Yjs cannot read, is left out
 * and reported through `onRefused`.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
	createProber,
	MAX_SYNC_MESSAGE_BYTES,
	updateOf,
	type Prober,
	type RefusalReason
} from './update-guard';

/** One peer, as document sync sees it. */
export interface SyncPeer {
	readonly id: string;
	send(channel: 'sync' | 'awareness', bytes: Uint8Array): Promise<void>;
}

/** The peers document sync talks to (a room, or a fake in tests). */
export interface SyncTransport {
	peers(): readonly SyncPeer[];
	onPeerAdded(listener: (peer: SyncPeer) => void): () => void;
	onPeerRemoved(listener: (peer: SyncPeer) => void): () => void;
	onMessage(
		listener: (peer: SyncPeer, channel: 'sync' | 'awareness', bytes: Uint8Array) => void
	): () => void;
}

const send = (peer: SyncPeer, channel: 'sync' | 'awareness', encoder: encoding.Encoder) =>
	void peer.send(channel, encoding.toUint8Array(encoder)).catch(() => {});

/** How `syncDoc` treats what peers send. */
export interface SyncDocOptions {
	/** Called for each sync message that was left out, with its sender and why. */
	onRefused?: RefusalListener;
	/** The probe of update-guard.ts (tests pass their own). */
	prober?: Prober;
}

type RefusalListener = (peer: SyncPeer, reason: RefusalReason) => void;
const refusalListeners = new WeakMap<Y.Doc, Set<RefusalListener>>();

/**
 * Calls `listener` for each sync message left out of `doc`, by whichever `syncDoc` syncs it:
 * the room starts that one out of the caller's sight (see live.ts).
 */
export function onRefused(doc: Y.Doc, listener: RefusalListener): () => void {
	const listeners = refusalListeners.get(doc) ?? new Set();
	refusalListeners.set(doc, listeners);
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/** Syncs `doc` with the transport's peers until the returned function is called. */
export function syncDoc(
	doc: Y.Doc,
	transport: SyncTransport,
	options: SyncDocOptions = {}
): () => void {
	const prober = options.prober ?? createProber(doc);
	let stopped = false;
	/** The peer whose probed update the document is applying now (the mirror has it already). */
	let applying: SyncPeer | undefined;
	/** Messages are guarded and read one at a time, in the order they came. */
	let queue = Promise.resolve();
	const refuse = (peer: SyncPeer, reason: RefusalReason) => {
		if (stopped) return;
		options.onRefused?.(peer, reason);
		for (const listener of refusalListeners.get(doc) ?? []) listener(peer, reason);
	};
	const receive = async (peer: SyncPeer, bytes: Uint8Array) => {
		if (bytes.length > MAX_SYNC_MESSAGE_BYTES) return refuse(peer, 'too-large');
		let update: Uint8Array | undefined;
		try {
			update = updateOf(bytes);
		} catch {
			return refuse(peer, 'malformed');
		}
		if (update) {
			const refused = await prober.probe(update);
			if (refused) return refuse(peer, refused);
		}
		if (stopped) return;
		try {
			const encoder = encoding.createEncoder();
			applying = peer;
			syncProtocol.readSyncMessage(decoding.createDecoder(bytes), encoder, doc, peer);
			if (encoding.length(encoder) > 0) send(peer, 'sync', encoder);
		} catch {
			// The mirror took in what the document could not: they start out alike again.
			if (update) prober.reset();
			refuse(peer, 'malformed');
		} finally {
			applying = undefined;
		}
	};
	const greet = (peer: SyncPeer) => {
		const encoder = encoding.createEncoder();
		syncProtocol.writeSyncStep1(encoder, doc);
		send(peer, 'sync', encoder);
	};
	const onUpdate = (update: Uint8Array, origin: unknown) => {
		if (applying === undefined || origin !== applying) prober.applied(update);
		const peers = transport.peers().filter((peer) => peer !== origin);
		if (!peers.length) return;
		const encoder = encoding.createEncoder();
		syncProtocol.writeUpdate(encoder, update);
		for (const peer of peers) send(peer, 'sync', encoder);
	};
	doc.on('update', onUpdate);
	const stops = [
		transport.onPeerAdded(greet),
		transport.onMessage((peer, channel, bytes) => {
			if (channel !== 'sync' || stopped) return;
			queue = queue.then(() => receive(peer, bytes)).catch(() => refuse(peer, 'malformed'));
		})
	];
	transport.peers().forEach(greet);
	return () => {
		stopped = true;
		prober.close();
		doc.off('update', onUpdate);
		stops.forEach((stop) => stop());
	};
}

/** Presence is small: a peer's awareness message above this many bytes is dropped. */
export const MAX_AWARENESS_BYTES = 64 * 1024;
/**
 * A peer speaks for its own client and those it passes on (a room's other peers): an update that
 * would make it speak for more than this is dropped.
 */
export const MAX_AWARENESS_CLIENTS = 256;

/** How many clients an awareness update names (its first number), or Infinity if unreadable. */
function clientsNamed(update: Uint8Array): number {
	try {
		return decoding.readVarUint(decoding.createDecoder(update));
	} catch {
		return Infinity;
	}
}

/**
 * Shares `awareness` (presence) with the transport's peers until the returned function is called.
 * What a peer sends is capped (MAX_AWARENESS_BYTES, MAX_AWARENESS_CLIENTS), so one peer cannot
 * grow everyone's presence without bound, nor have it passed on to every other peer.
 */
export function syncAwareness(
	awareness: awarenessProtocol.Awareness,
	transport: SyncTransport
): () => void {
	/** The awareness clients each peer told us about, removed when it goes. */
	const clients = new Map<SyncPeer, Set<number>>();
	const encode = (ids: number[]) => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, ids));
		return encoder;
	};
	const greet = (peer: SyncPeer) =>
		send(peer, 'awareness', encode([...awareness.getStates().keys()]));
	const onUpdate = (
		{ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	) => {
		if (origin instanceof Object && transport.peers().includes(origin as SyncPeer)) {
			const own = clients.get(origin as SyncPeer) ?? new Set();
			clients.set(origin as SyncPeer, own);
			for (const id of [...added, ...updated]) own.add(id);
			for (const id of removed) own.delete(id);
		}
		const changed = [...added, ...updated, ...removed];
		const encoder = encode(changed);
		for (const peer of transport.peers()) if (peer !== origin) send(peer, 'awareness', encoder);
	};
	awareness.on('update', onUpdate);
	const stops = [
		transport.onPeerAdded(greet),
		transport.onPeerRemoved((peer) => {
			const own = clients.get(peer);
			clients.delete(peer);
			if (own?.size) awarenessProtocol.removeAwarenessStates(awareness, [...own], 'peer-gone');
		}),
		transport.onMessage((peer, channel, bytes) => {
			if (channel !== 'awareness' || bytes.length > MAX_AWARENESS_BYTES) return;
			try {
				const update = decoding.readVarUint8Array(decoding.createDecoder(bytes));
				const known = clients.get(peer)?.size ?? 0;
				if (known + clientsNamed(update) > MAX_AWARENESS_CLIENTS) return;
				awarenessProtocol.applyAwarenessUpdate(awareness, update, peer);
			} catch {
				// Not an awareness update: dropped.
			}
		})
	];
	transport.peers().forEach(greet);
	return () => {
		awareness.off('update', onUpdate);
		stops.forEach((stop) => stop());
	};
}
