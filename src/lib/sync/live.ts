import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebrtcProvider } from 'y-webrtc';
import { ICE_SERVERS, SIGNALING_URLS } from './config';

/** A live share document: synced peer to peer, kept in this browser between visits. */
export interface LiveConnection {
	doc: Y.Doc;
	/** Number of peers connected right now. */
	peerCount(): number;
	onPeers(listener: (count: number) => void): () => void;
	/** Disconnects and frees the document (the local copy stays). */
	close(): void;
	/** Disconnects and deletes the local copy. */
	forget(): Promise<void>;
}

/** The IndexedDB database that keeps one share document. */
export const shareDbName = (room: string) => `koers-share-${room}`;

/**
 * Opens the document of `room`, loads the local copy, and connects to peers. The secret is
 * y-webrtc's password: signaling messages are encrypted with it, so the signaling server sees
 * only the room id and ciphertext; the peer connections themselves are DTLS-encrypted.
 */
export async function connectLive(room: string, secret: string): Promise<LiveConnection> {
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(shareDbName(room), doc);
	await persistence.whenSynced;
	const provider = new WebrtcProvider(room, doc, {
		signaling: SIGNALING_URLS,
		password: secret,
		maxConns: 20,
		filterBcConns: true,
		peerOpts: { config: { iceServers: ICE_SERVERS } }
	});
	let peers = 0;
	const listeners = new Set<(count: number) => void>();
	provider.on('peers', (event: { webrtcPeers: string[] }) => {
		peers = event.webrtcPeers.length;
		for (const listener of listeners) listener(peers);
	});
	return {
		doc,
		peerCount: () => peers,
		onPeers(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close() {
			provider.destroy();
			void persistence.destroy();
			doc.destroy();
		},
		async forget() {
			provider.destroy();
			await persistence.clearData();
			doc.destroy();
		}
	};
}
