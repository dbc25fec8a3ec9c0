/** The public face of a room (room.ts): what it needs, what it emits, what it offers. */
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { GoneReason } from './peer';
import type { WebSocketFactory } from './signaling';

/** What a room needs. */
export interface RoomOptions {
	/** The room id: the signaling topic. */
	room: string;
	/** The share's secret (base64url, 32 bytes): every key of the room derives from it. */
	secret: string;
	/** A document to keep in sync with the peers. */
	doc?: Y.Doc;
	/** Presence to share with the peers. */
	awareness?: Awareness;
	/** Raw data channels to open to each peer, by name (both sides must list the same). */
	channels?: readonly string[];
	signaling?: readonly string[];
	iceServers?: RTCIceServer[];
	WebSocket?: WebSocketFactory;
	/** Heartbeat and timeouts of each peer, in ms (tests shorten them). */
	heartbeatMs?: number;
	timeoutMs?: number;
}

/** A peer of the room that completed its handshake. */
export interface RemotePeer {
	readonly id: string;
	/** Its open raw channel `name`, if any. */
	channel(name: string): RTCDataChannel | undefined;
}

/** The events a room emits. */
export type RoomEvents = {
	/** The online peers, after every change. */
	peers: readonly RemotePeer[];
	'peer-added': RemotePeer;
	'peer-removed': { peer: RemotePeer; reason: GoneReason };
	/** A raw channel opened to an online peer. */
	channel: { peer: RemotePeer; name: string; channel: RTCDataChannel };
	/** A whole binary message (any size) from a peer. */
	message: { peer: RemotePeer; bytes: Uint8Array };
	/** A peer closed the room for good (a learner stopped the share), by its peer id. */
	ended: string;
	/**
	 * A message on this topic did not open with this secret: someone here holds another secret.
	 * For a reader who never met a peer, that means their link's secret is wrong.
	 */
	'wrong-key': void;
	/** Whether peers can find this room now (see `reachable`), at each change. */
	reachable: boolean;
	closed: void;
};

/** An open room. */
export interface Room {
	/** This peer's random id in the room. */
	readonly selfId: string;
	/** The online peers. */
	peers(): readonly RemotePeer[];
	on<K extends keyof RoomEvents>(event: K, listener: (value: RoomEvents[K]) => void): () => void;
	/** Sends a binary message of any size to every online peer, or to one. */
	send(bytes: Uint8Array, to?: string): Promise<void>;
	/** The open raw channels `name` of the online peers. */
	channels(name: string): RTCDataChannel[];
	readonly closed: boolean;
	/**
	 * True while at least one signaling server relays the room (its own announce came back
	 * through it): a peer that opens the room now finds this one. False again when every such
	 * connection is lost, true again once one is back.
	 */
	readonly reachable: boolean;
	/** True once a message sealed with another secret was seen (see the 'wrong-key' event). */
	readonly wrongKey: boolean;
	/** True once a peer left for good (see the 'ended' event). */
	readonly ended: boolean;
	/** Leaves the room for good; `ended` tells the peers that it will not come back. */
	close(options?: { ended?: boolean }): void;
}
