/**
 * The rooms of a group's epochs and the peers met in each (session.ts keeps the current epoch's
 * room and the one before open). A room's id and secret derive from the epoch's secret (keys.ts);
 * what a peer claims is believed only once it proved a member's key there.
 */
import { openRoom, type RemotePeer, type Room } from '../peer/room';
import { groupRoom } from './keys';
import { MEDIA } from './media';

/** One peer met in a room, and what is known of them so far. */
export interface PeerState {
	peer: RemotePeer;
	/** The nonce we sent; their proof must sign it. */
	nonce: string;
	/** Our hand-over key for this peer (its public half went into our proof). */
	handover: Promise<{ privateKey: CryptoKey; publicRaw: string }>;
	/** What their hello claimed; believed only once `member` is set by a proof. */
	claimed?: string;
	epoch?: number;
	member?: string;
	theirHandover?: string;
	pendingProof?: { member: string; ecdh: string; sig: string };
	pendingRekey?: { epoch: number; ecdh: string; iv: string; ct: string };
	/** In the room of an older key, a `have` is answered only once the peer proved a member. */
	pendingHave?: Record<string, number>;
}

/** The room of one epoch, open. */
export interface RoomConn {
	epoch: number;
	roomId: string;
	roomSecret: string;
	room: Room;
	peers: Map<string, PeerState>;
	stops: (() => void)[];
	/** Serving media here; stopped once this is no longer the current room. */
	media: (() => void)[];
}

/** What a room tells its session. */
export interface RoomEvents {
	peer(conn: RoomConn, peer: RemotePeer): void;
	gone(conn: RoomConn, peer: RemotePeer): void;
	message(conn: RoomConn, peer: RemotePeer, bytes: Uint8Array): void;
	media(conn: RoomConn, channel: RTCDataChannel): void;
}

/** Opens the room of one epoch and wires its events (peers and channels already there too). */
export async function openEpochRoom(
	epoch: number,
	secret: string,
	signaling: readonly string[] | undefined,
	on: RoomEvents
): Promise<RoomConn> {
	const { room: roomId, roomSecret } = await groupRoom(secret);
	const room = await openRoom({ room: roomId, secret: roomSecret, signaling, channels: [MEDIA] });
	const conn: RoomConn = {
		epoch,
		roomId,
		roomSecret,
		room,
		peers: new Map(),
		stops: [],
		media: []
	};
	conn.stops.push(
		room.on('peer-added', (peer) => on.peer(conn, peer)),
		room.on('peer-removed', ({ peer }) => {
			conn.peers.delete(peer.id);
			on.gone(conn, peer);
		}),
		room.on('message', ({ peer, bytes }) => on.message(conn, peer, bytes)),
		room.on('channel', ({ name, channel }) => {
			if (name === MEDIA) on.media(conn, channel);
		})
	);
	return conn;
}

/** Wires what was in a room before its events were (call once the session keeps it). */
export function greetPresent(conn: RoomConn, on: RoomEvents): void {
	for (const channel of conn.room.channels(MEDIA)) on.media(conn, channel);
	for (const peer of conn.room.peers()) on.peer(conn, peer);
}

/** Closes a room: its media serving, its listeners, its connections. */
export function closeEpochRoom(conn: RoomConn): void {
	conn.media.splice(0).forEach((stop) => stop());
	conn.stops.forEach((stop) => stop());
	conn.room.close();
}
