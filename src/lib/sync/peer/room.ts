/**
 * A room: the peers that hold one secret and meet under one topic. Opening it subscribes to the
 * topic on every signaling server and announces this peer; the peers found are connected
 * directly (peer.ts), and the room's document and awareness are kept in sync with them
 * (doc-sync.ts). Every signaling payload is sealed with a key derived from the secret, so the
 * servers see only the topic (the room id) and ciphertext. Closing unsubscribes, says bye to
 * every peer and never announces again.
 */
import { base64urlnopad } from '@scure/base';
import { ICE_SERVERS, SIGNALING_URLS } from '../config';
import { keyFor } from '../sealed';
import { syncAwareness, syncDoc, type SyncPeer, type SyncTransport } from './doc-sync';
import { Emitter } from './emitter';
import { openJson, sealJson } from './envelope';
import { relayServers } from './ice';
import { Peer, type PeerSignal } from './peer';
import type { RemotePeer, Room, RoomEvents, RoomOptions } from './room-api';
import { subscribe, type TopicSubscription } from './signaling';
import { parseSignal, type SignalMessage } from './signals';

export type { RemotePeer, Room, RoomEvents, RoomOptions } from './room-api';

/** Opens a room (see the module comment). */
export async function openRoom(options: RoomOptions): Promise<Room> {
	const [signalKey, frameKey] = await Promise.all([
		keyFor(options.secret, 'signal'),
		keyFor(options.secret, 'peer')
	]);
	// The room subscribes and announces while the certificate is made: it is first needed once a
	// message makes a connection (#receive waits for it).
	return new PeerRoom(options, signalKey, frameKey, pageCertificate());
}

/**
 * One DTLS certificate for the page's connections, made when its first room opens: else the
 * browser makes a key pair for each connection while it creates the offer or the answer, on the
 * way to meeting a peer. Made anew once it is a day from expiring.
 */
let certificate: Promise<RTCCertificate | undefined> | undefined;
const DAY_MS = 24 * 60 * 60 * 1000;

async function pageCertificate(): Promise<RTCCertificate | undefined> {
	if (typeof RTCPeerConnection === 'undefined') return undefined;
	const current = certificate;
	const made = await current;
	if (made && made.expires - Date.now() > DAY_MS) return made;
	// Rooms that opened at once share the one made for the first of them.
	if (certificate === current)
		certificate = RTCPeerConnection.generateCertificate({
			name: 'ECDSA',
			namedCurve: 'P-256'
		} as EcKeyGenParams).catch(() => undefined);
	return certificate;
}

/** The peer ids of the rooms open in this page: a page never connects to itself. */
const localPeers = new Set<string>();
const nonce = () => base64urlnopad.encode(crypto.getRandomValues(new Uint8Array(12)));
/** A peer still connecting is not replaced by a repeated announce for this long. */
const CONNECTING_GRACE_MS = 5_000;
/** Re-announcing after a lost peer happens at most this often. */
const REANNOUNCE_MS = 1_000;
/** How often a room answers messages it cannot open (see #foreign). */
const MAX_FOREIGN_ANSWERS = 3;

class PeerRoom implements Room {
	readonly selfId = nonce();
	#options: RoomOptions;
	#signalKey: CryptoKey;
	#frameKey: CryptoKey;
	#certificate: RTCCertificate | undefined;
	#certificateMade: Promise<unknown>;
	#events = new Emitter<
		RoomEvents & { sync: { peer: Peer; channel: 'sync' | 'awareness'; bytes: Uint8Array } }
	>();
	#peers = new Map<string, { peer: Peer; since: number }>();
	#subscriptions: TopicSubscription[] = [];
	/** The subscriptions whose server relayed this room's own announce back since it connected. */
	#relaying = new Set<TopicSubscription>();
	#seen = new Set<string>();
	#incoming: Promise<void> = Promise.resolve();
	#stops: (() => void)[] = [];
	#reannounce: ReturnType<typeof setTimeout> | undefined;
	#closed = false;
	#wrongKey = false;
	#ended = false;
	#foreignAnswers = 0;

	constructor(
		options: RoomOptions,
		signalKey: CryptoKey,
		frameKey: CryptoKey,
		certificate: Promise<RTCCertificate | undefined>
	) {
		localPeers.add(this.selfId);
		this.#options = options;
		this.#signalKey = signalKey;
		this.#frameKey = frameKey;
		this.#certificateMade = certificate.then((made) => (this.#certificate = made));
		const transport = this.#transport();
		if (options.doc) this.#stops.push(syncDoc(options.doc, transport));
		if (options.awareness) this.#stops.push(syncAwareness(options.awareness, transport));
		for (const url of options.signaling ?? SIGNALING_URLS) {
			const subscription: TopicSubscription = subscribe(
				url,
				options.room,
				{
					message: (data) => this.#receive(data, subscription),
					connected: () => this.#announce([subscription]),
					disconnected: () => this.#relays(subscription, false)
				},
				options.WebSocket
			);
			this.#subscriptions.push(subscription);
		}
	}

	get closed(): boolean {
		return this.#closed;
	}

	get wrongKey(): boolean {
		return this.#wrongKey;
	}

	get reachable(): boolean {
		return this.#relaying.size > 0;
	}

	get ended(): boolean {
		return this.#ended;
	}

	peers(): readonly RemotePeer[] {
		return this.#online();
	}

	on<K extends keyof RoomEvents>(event: K, listener: (value: RoomEvents[K]) => void): () => void {
		return this.#events.on(event, listener);
	}

	async send(bytes: Uint8Array, to?: string): Promise<void> {
		const targets = this.#online().filter((peer) => to === undefined || peer.id === to);
		await Promise.all(targets.map((peer) => peer.send('data', bytes)));
	}

	channels(name: string): RTCDataChannel[] {
		return this.#online().flatMap((peer) => peer.channel(name) ?? []);
	}

	close({ ended = false } = {}): void {
		if (this.#closed) return;
		this.#closed = true;
		localPeers.delete(this.selfId);
		clearTimeout(this.#reannounce);
		this.#stops.forEach((stop) => stop());
		for (const { peer } of [...this.#peers.values()]) peer.close('closed', { ended });
		this.#peers.clear();
		const subscriptions = this.#subscriptions.splice(0);
		this.#relaying.clear();
		// Peers still connecting learn of it through signaling; then the topic is left for good.
		void this.#seal({ t: 'leave', n: nonce(), from: this.selfId, ended })
			.then((data) => subscriptions.forEach((s) => s.publish(data)))
			.catch(() => {})
			.finally(() => subscriptions.forEach((s) => s.close()));
		this.#events.emit('closed', undefined);
		this.#events.clear();
	}

	/**
	 * Notes whether `subscription`'s server relays this room: it does once this room's own message
	 * came back through it (a server relays to every subscriber, the sender too), until the
	 * connection is lost.
	 */
	#relays(subscription: TopicSubscription, relays: boolean): void {
		if (this.#closed || this.#relaying.has(subscription) === relays) return;
		const before = this.reachable;
		if (relays) this.#relaying.add(subscription);
		else this.#relaying.delete(subscription);
		if (this.reachable !== before) this.#events.emit('reachable', this.reachable);
	}

	#online(): Peer[] {
		return [...this.#peers.values()].map(({ peer }) => peer).filter((peer) => peer.online);
	}

	#transport(): SyncTransport {
		return {
			peers: () => this.#online(),
			onPeerAdded: (listener) => this.#events.on('peer-added', (peer) => listener(peer as Peer)),
			onPeerRemoved: (listener) =>
				this.#events.on('peer-removed', ({ peer }) => listener(peer as SyncPeer & Peer)),
			onMessage: (listener) =>
				this.#events.on('sync', ({ peer, channel, bytes }) => listener(peer, channel, bytes))
		};
	}

	#seal(message: SignalMessage): Promise<string> {
		return sealJson(this.#signalKey, message);
	}

	#publish(message: SignalMessage, to = this.#subscriptions): void {
		if (this.#closed) return;
		void this.#seal(message).then((data) => {
			if (!this.#closed) for (const subscription of to) subscription.publish(data);
		});
	}

	#announce(to = this.#subscriptions): void {
		const known = this.#online().map((peer) => peer.id);
		this.#publish({ t: 'announce', n: nonce(), from: this.selfId, known }, to);
	}

	/** Opens payloads one after another, so signals reach each peer in the order they were sent. */
	#receive(data: unknown, via: TopicSubscription): void {
		const opened = openJson(this.#signalKey, data);
		this.#incoming = this.#incoming.then(async () => {
			const raw = await opened;
			await this.#certificateMade;
			if (this.#closed) return;
			if (raw === null) return this.#foreign();
			const message = parseSignal(raw);
			if (message?.from === this.selfId) this.#relays(via, true);
			if (!message || localPeers.has(message.from) || this.#seen.has(message.n)) return;
			this.#seen.add(message.n);
			if (this.#seen.size > 2_000) this.#seen.delete(this.#seen.values().next().value!);
			this.#handle(message);
		});
	}

	#foreign(): void {
		// Someone in the topic holds another secret (a link with a wrong key). Announcing again
		// lets them find that out, instead of waiting for a peer they can never meet; a few times
		// at most, so two rooms with different secrets never keep answering each other.
		if (this.#foreignAnswers < MAX_FOREIGN_ANSWERS) {
			this.#foreignAnswers++;
			this.#announceSoon();
		}
		if (this.#wrongKey) return;
		this.#wrongKey = true;
		this.#events.emit('wrong-key', undefined);
	}

	#handle(message: SignalMessage): void {
		const entry = this.#peers.get(message.from);
		if (message.t === 'announce') {
			if (entry) {
				if (message.known.includes(this.selfId)) return;
				const young = performance.now() - entry.since < CONNECTING_GRACE_MS;
				if (!entry.peer.online && young) return;
				entry.peer.close('replaced');
			}
			this.#connect(message.from, nonce(), true);
		} else if (message.t === 'signal') {
			if (message.to !== this.selfId) return;
			const signal = (
				message.sdp ? { sdp: message.sdp } : message.ice ? { ice: message.ice } : null
			) as PeerSignal | null;
			if (!signal) return;
			if (entry?.peer.cid === message.cid) return void entry.peer.handle(signal);
			if (message.sdp?.type !== 'offer') return;
			if (entry) {
				// Both sides started a connection at once: the impolite side's one wins.
				const impolite = this.selfId < message.from;
				if (!entry.peer.online && entry.peer.initiator && impolite) return;
				entry.peer.close('replaced');
			}
			void this.#connect(message.from, message.cid, false).handle(signal);
		} else {
			// Only a peer met in this visit can end it: a replayed leave of an old visit cannot.
			entry?.peer.close(message.ended ? 'ended' : 'bye');
		}
	}

	#connect(id: string, cid: string, initiator: boolean): Peer {
		const peer = new Peer({
			id,
			cid,
			initiator,
			polite: this.selfId > id,
			key: this.#frameKey,
			iceServers: this.#options.iceServers ?? [...ICE_SERVERS, ...relayServers()],
			certificate: this.#certificate,
			rawChannels: this.#options.channels ?? [],
			heartbeatMs: this.#options.heartbeatMs,
			timeoutMs: this.#options.timeoutMs,
			signal: (signal) =>
				this.#publish({ t: 'signal', n: nonce(), from: this.selfId, to: id, cid, ...signal })
		});
		this.#peers.set(id, { peer, since: performance.now() });
		peer.events.on('online', () => {
			this.#events.emit('peer-added', peer);
			this.#events.emit('peers', this.#online());
			for (const name of this.#options.channels ?? []) this.#whenOpen(peer, name);
		});
		peer.events.on('message', ({ channel, bytes }) => {
			if (channel === 'data') this.#events.emit('message', { peer, bytes });
			else this.#events.emit('sync', { peer, channel, bytes });
		});
		let wasOnline = false;
		peer.events.on('online', () => (wasOnline = true));
		peer.events.on('gone', (reason) => {
			if (this.#peers.get(id)?.peer === peer) this.#peers.delete(id);
			if (this.#closed) return;
			if (wasOnline) {
				this.#events.emit('peer-removed', { peer, reason });
				this.#events.emit('peers', this.#online());
			}
			if (reason === 'ended') {
				this.#ended = true;
				this.#events.emit('ended', id);
			}
			// Lost: announce again, so that if it is still here, both connect anew.
			if (reason === 'timeout' || reason === 'failed' || reason === 'closed') this.#announceSoon();
		});
		return peer;
	}

	/** Emits a peer's raw channel once it is open (they open with the others, or just after). */
	#whenOpen(peer: Peer, name: string): void {
		const emit = () => {
			const channel = peer.channel(name);
			if (channel && peer.online && !this.#closed)
				this.#events.emit('channel', { peer, name, channel });
		};
		if (peer.channel(name)) return emit();
		peer.rawChannel(name)?.addEventListener('open', emit, { once: true });
	}

	/** Announces this peer again within REANNOUNCE_MS (once, however often it is asked). */
	#announceSoon(): void {
		if (this.#reannounce || this.#closed) return;
		this.#reannounce = setTimeout(() => {
			this.#reannounce = undefined;
			this.#announce();
		}, REANNOUNCE_MS);
	}
}
