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
	/** The open media channel to each connected peer (see media-transfer.ts). */
	mediaChannels(): RTCDataChannel[];
	/** Called with each media channel as it opens, now and later. */
	onMediaChannel(listener: (channel: RTCDataChannel) => void): () => void;
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
	const media = mediaChannels(provider);
	provider.on('peers', (event: { webrtcPeers: string[]; added: string[] }) => {
		peers = event.webrtcPeers.length;
		for (const listener of listeners) listener(peers);
		for (const peerId of event.added) media.attach(peerId);
	});
	return {
		doc,
		peerCount: () => peers,
		onPeers(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		mediaChannels: () => [...media.open],
		onMediaChannel(listener) {
			media.listeners.add(listener);
			return () => media.listeners.delete(listener);
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

/**
 * The stream id of the media channel. Both sides create it as a negotiated channel on the peer
 * connection y-webrtc already made, so it needs no extra signaling; y-webrtc's own channel uses
 * an in-band id far below this one.
 */
const MEDIA_CHANNEL_ID = 42;

/** What this module needs of y-webrtc's internals (its room, connections and simple-peer). */
interface PeerInternals {
	room: {
		webrtcConns: Map<
			string,
			{
				connected: boolean;
				closed: boolean;
				peer: { _pc?: RTCPeerConnection; once(event: 'connect', listener: () => void): void };
			}
		>;
	} | null;
}

/** Opens a media channel beside each of the provider's peer connections once it connects. */
function mediaChannels(provider: WebrtcProvider) {
	const open = new Set<RTCDataChannel>();
	const listeners = new Set<(channel: RTCDataChannel) => void>();
	const attached = new WeakSet<object>();
	const attach = (peerId: string) => {
		const conn = (provider as unknown as PeerInternals).room?.webrtcConns.get(peerId);
		if (!conn || attached.has(conn)) return;
		attached.add(conn);
		const create = () => {
			const pc = conn.peer._pc;
			if (!pc || conn.closed) return;
			const channel = pc.createDataChannel('koers-media', {
				negotiated: true,
				id: MEDIA_CHANNEL_ID
			});
			channel.binaryType = 'arraybuffer';
			channel.addEventListener('open', () => {
				open.add(channel);
				for (const listener of listeners) listener(channel);
			});
			channel.addEventListener('close', () => open.delete(channel));
		};
		if (conn.connected) create();
		else conn.peer.once('connect', create);
	};
	return { open, listeners, attach };
}
