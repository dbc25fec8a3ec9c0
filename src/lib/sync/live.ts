import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { onRefused } from './peer/doc-sync';
import { openRoom, type Room } from './peer/room';

/** A live share document: synced peer to peer, kept in this browser between visits. */
export interface LiveConnection {
	doc: Y.Doc;
	/** Number of peers online right now (handshake completed and still answering). */
	peerCount(): number;
	onPeers(listener: (count: number) => void): () => void;
	/** True while a peer that opens the link now can find this one (peer/room-api.ts). */
	reachable(): boolean;
	onReachable(listener: (reachable: boolean) => void): () => void;
	/** The open media channel to each online peer (see media-transfer.ts). */
	mediaChannels(): RTCDataChannel[];
	/** Called with each media channel as it opens, now and later. */
	onMediaChannel(listener: (channel: RTCDataChannel) => void): () => void;
	/**
	 * Called when a peer leaves for good: the learner stopped (or deleted) the share. At once if
	 * that happened already (while the local copy loaded, say).
	 */
	onEnded(listener: () => void): () => void;
	/**
	 * Called once a message sealed with another secret shows up in the room. A reader that never
	 * had a peer online then holds a wrong secret (a changed link), rather than an offline learner.
	 */
	onWrongKey(listener: () => void): () => void;
	/** True once that happened. */
	readonly wrongKey: boolean;
	/** Called for each update a peer sent that was refused (peer/update-guard.ts) and left out. */
	onRefused(listener: () => void): () => void;
	/** The room underneath, for what this interface does not cover (binary messages, awareness). */
	readonly room: Room;
	/**
	 * Leaves the room for good and frees the document (the local copy stays). `ended` tells the
	 * peers that the share stopped.
	 */
	close(options?: { ended?: boolean }): void;
	/** Leaves the room and deletes the local copy. */
	forget(): Promise<void>;
}

/** The IndexedDB database that keeps one share document. */
export const shareDbName = (room: string) => `koers-share-${room}`;

/** The raw channel media-transfer.ts runs on. */
const MEDIA = 'media';

/** The connection a live link's page started before the app ran (startEarly), not yet taken. */
let early: { room: string; secret: string; connection: Promise<LiveConnection> } | undefined;

/**
 * Starts connecting to a live link's room at once, for the app to take over (connectLink):
 * live-start.ts calls it as the page loads, so meeting the learner and the first sync run while
 * the app's code loads and starts instead of after. The link has proved its key by then (its
 * check), as it must before anything is stored.
 */
export function startEarly(room: string, secret: string): void {
	early?.connection.then(
		(connection) => connection.close(),
		() => {}
	);
	const connection = connectLive(room, secret);
	// A failure reaches whoever takes it over.
	connection.catch(() => {});
	early = { room, secret, connection };
}

/**
 * `connectLive` for a link the page opens (the share-link page): the connection this page started
 * early for the same room and secret is taken over; one started for another link is closed.
 */
export function connectLink(room: string, secret: string): Promise<LiveConnection> {
	const started = early;
	early = undefined;
	if (started?.room === room && started.secret === secret) return started.connection;
	started?.connection.then(
		(connection) => connection.close(),
		() => {}
	);
	return connectLive(room, secret);
}

/**
 * Opens the document of `room`, loads the local copy, and joins the room's peers (peer/room.ts):
 * signaling sees only the room id and ciphertext sealed with keys derived from the secret; the
 * peer connections are DTLS-encrypted and their frames sealed too.
 */
export async function connectLive(room: string, secret: string): Promise<LiveConnection> {
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(shareDbName(room), doc);
	// The room opens while the local copy loads: meeting a peer takes longer than loading, and
	// what loads later reaches the peers (and the update guard's mirror) as any update does.
	const opening = openRoom({ room, secret, doc, channels: [MEDIA] });
	let peers: Room;
	try {
		[peers] = await Promise.all([opening, persistence.whenSynced]);
	} catch (error) {
		void opening.then((opened) => opened.close()).catch(() => {});
		void persistence.destroy();
		doc.destroy();
		throw error;
	}
	const leave = (ended = false) => {
		peers.close({ ended });
		void persistence.destroy();
		doc.destroy();
	};
	return {
		doc,
		room: peers,
		peerCount: () => peers.peers().length,
		onPeers: (listener) => peers.on('peers', (list) => listener(list.length)),
		reachable: () => peers.reachable,
		onReachable: (listener) => peers.on('reachable', listener),
		mediaChannels: () => peers.channels(MEDIA),
		onMediaChannel: (listener) =>
			peers.on('channel', ({ name, channel }) => name === MEDIA && listener(channel)),
		onEnded: (listener) => {
			if (peers.ended) listener();
			return peers.on('ended', () => listener());
		},
		onWrongKey: (listener) => peers.on('wrong-key', listener),
		get wrongKey() {
			return peers.wrongKey;
		},
		onRefused: (listener) => onRefused(doc, () => listener()),
		close: (options) => leave(options?.ended),
		async forget() {
			peers.close();
			await persistence.clearData();
			doc.destroy();
		}
	};
}
