/**
 * One connection to one remote peer: the browser's RTCPeerConnection, negotiated with the
 * "perfect negotiation" pattern (the polite side yields when both offer at once), and a fixed
 * set of negotiated data channels, so no channel needs signaling of its own:
 *   0 control (hello, heartbeat, bye)   1 sync (y-protocols)   2 awareness   3 data (binary)
 *   4… raw channels the room names (media), handed out as plain RTCDataChannels.
 * The framed channels are sealed with the room's frame key. A peer is online once every channel
 * is open and the other side said hello with that key, and stays online while it answers. A
 * hello says whether its sender inflates: then sync messages of DEFLATE_SYNC_FROM bytes or more
 * travel to it deflated (framing.ts). A share's first sync is JSON text that deflates to about a
 * tenth, so the learner sends a tenth of the bytes; peers of earlier versions get them as they are.
 */
import { Emitter } from './emitter';
import { FramedChannel } from './framed-channel';
import { streamsDeflate } from './framing';

/** The framed channels every peer has. */
export type FramedName = 'control' | 'sync' | 'awareness' | 'data';
const FRAMED: Record<FramedName, number> = { control: 0, sync: 1, awareness: 2, data: 3 };
const FIRST_RAW_ID = 4;

/** Why a peer went away. */
export type GoneReason = 'bye' | 'ended' | 'timeout' | 'failed' | 'closed' | 'replaced';

/** What a peer sends through signaling. */
export type PeerSignal =
	| { sdp: RTCSessionDescriptionInit; ice?: undefined }
	| { ice: RTCIceCandidateInit; sdp?: undefined };

/** How a peer is set up. */
export interface PeerOptions {
	id: string;
	/** Chosen by the side that started this connection; signals carry it. */
	cid: string;
	polite: boolean;
	initiator: boolean;
	key: CryptoKey;
	iceServers: RTCIceServer[];
	/** The DTLS certificate to use (else the browser makes one for this connection). */
	certificate?: RTCCertificate;
	rawChannels: readonly string[];
	signal(signal: PeerSignal): void;
	heartbeatMs?: number;
	timeoutMs?: number;
	connectTimeoutMs?: number;
}

type PeerEvents = {
	online: void;
	gone: GoneReason;
	message: { channel: Exclude<FramedName, 'control'>; bytes: Uint8Array };
};

type Control =
	{ t: 'hello'; inflates: boolean } | { t: 'ping' } | { t: 'pong' } | { t: 'bye'; ended: boolean };

/** Sync messages this large or larger travel deflated to a peer that inflates. */
export const DEFLATE_SYNC_FROM = 16 * 1024;

/** Does a message of `bytes` on `channel` travel deflated to a peer (that `inflates` or not)? */
export const travelsDeflated = (channel: FramedName, bytes: number, inflates: boolean): boolean =>
	channel === 'sync' && inflates && streamsDeflate && bytes >= DEFLATE_SYNC_FROM;

/** A connection to one remote peer. */
export class Peer {
	readonly id: string;
	readonly cid: string;
	readonly initiator: boolean;
	readonly events = new Emitter<PeerEvents>();
	#options: PeerOptions;
	#pc: RTCPeerConnection;
	#framed = new Map<FramedName, FramedChannel>();
	#raw = new Map<string, RTCDataChannel>();
	#signals: Promise<void> = Promise.resolve();
	#makingOffer = false;
	#ignoreOffer = false;
	#answerPending = false;
	#helloReceived = false;
	/** The other side said it inflates (its hello). */
	#inflates = false;
	#online = false;
	#gone = false;
	#lastHeard = performance.now();
	#lastTick = performance.now();
	#heartbeat: ReturnType<typeof setInterval>;
	#connectTimer: ReturnType<typeof setTimeout>;

	constructor(options: PeerOptions) {
		this.id = options.id;
		this.cid = options.cid;
		this.initiator = options.initiator;
		this.#options = options;
		this.#pc = new RTCPeerConnection({
			iceServers: options.iceServers,
			...(options.certificate ? { certificates: [options.certificate] } : {})
		});
		this.#pc.addEventListener('negotiationneeded', () => void this.#offer());
		this.#pc.addEventListener('icecandidate', ({ candidate }) => {
			if (candidate && !this.#gone) options.signal({ ice: candidate.toJSON() });
		});
		this.#pc.addEventListener('connectionstatechange', () => {
			const state = this.#pc.connectionState;
			if (state === 'failed' || state === 'closed') this.#leave('failed');
		});
		if (options.initiator) this.#openChannels();
		const heartbeatMs = options.heartbeatMs ?? 2_000;
		this.#heartbeat = setInterval(() => this.#tick(heartbeatMs), heartbeatMs);
		this.#connectTimer = setTimeout(
			() => this.#online || this.#leave('failed'),
			options.connectTimeoutMs ?? 20_000
		);
	}

	/** True once the handshake completed, until the peer stops answering or leaves. */
	get online(): boolean {
		return this.#online;
	}

	/** The open raw channel `name` (see the room's `channels`), if any. */
	channel(name: string): RTCDataChannel | undefined {
		const channel = this.#raw.get(name);
		return channel?.readyState === 'open' ? channel : undefined;
	}

	/** The raw channel `name` in whatever state it is (to wait for its 'open'). */
	rawChannel(name: string): RTCDataChannel | undefined {
		return this.#raw.get(name);
	}

	/** Sends a whole message on a framed channel (any size); rejects if the peer is gone. */
	send(channel: Exclude<FramedName, 'control'>, bytes: Uint8Array): Promise<void> {
		const framed = this.#framed.get(channel);
		if (!framed || !this.#online) return Promise.reject(new Error('The peer is not online'));
		return framed.send(bytes, {
			deflated: travelsDeflated(channel, bytes.byteLength, this.#inflates)
		});
	}

	/** Takes a signal from the remote side (they arrive in order). */
	handle(signal: PeerSignal): Promise<void> {
		this.#signals = this.#signals.then(() => this.#apply(signal)).catch(() => {});
		return this.#signals;
	}

	/**
	 * Closes the connection; with `bye`, tells the other side first (`ended`: the share stopped
	 * for good), so it drops this peer at once instead of after a timeout.
	 */
	close(reason: GoneReason, bye?: { ended: boolean }): void {
		if (this.#gone) return;
		const control = this.#framed.get('control');
		const flush =
			bye && this.#online && control
				? control.send(encode({ t: 'bye', ended: bye.ended })).catch(() => {})
				: undefined;
		this.#leave(reason, flush);
	}

	async #offer(): Promise<void> {
		try {
			this.#makingOffer = true;
			await this.#pc.setLocalDescription();
			if (this.#pc.localDescription && !this.#gone)
				this.#options.signal({ sdp: this.#pc.localDescription.toJSON() });
		} catch {
			// A newer negotiation replaces this one.
		} finally {
			this.#makingOffer = false;
		}
	}

	async #apply({ sdp, ice }: PeerSignal): Promise<void> {
		if (this.#gone) return;
		if (sdp) {
			const ready =
				!this.#makingOffer && (this.#pc.signalingState === 'stable' || this.#answerPending);
			const collision = sdp.type === 'offer' && !ready;
			this.#ignoreOffer = !this.#options.polite && collision;
			if (this.#ignoreOffer) return;
			this.#answerPending = sdp.type === 'answer';
			await this.#pc.setRemoteDescription(sdp);
			this.#answerPending = false;
			if (sdp.type === 'offer') {
				this.#openChannels();
				await this.#pc.setLocalDescription();
				if (this.#pc.localDescription && !this.#gone)
					this.#options.signal({ sdp: this.#pc.localDescription.toJSON() });
			}
		} else if (ice) {
			try {
				await this.#pc.addIceCandidate(ice);
			} catch (error) {
				if (!this.#ignoreOffer) throw error;
			}
		}
	}

	#openChannels(): void {
		if (this.#framed.size) return;
		for (const [name, id] of Object.entries(FRAMED) as [FramedName, number][]) {
			const channel = this.#pc.createDataChannel(`koers-${name}`, { negotiated: true, id });
			channel.binaryType = 'arraybuffer';
			const framed = new FramedChannel(channel, { key: this.#options.key });
			this.#framed.set(name, framed);
			channel.addEventListener('open', () => this.#opened());
			channel.addEventListener('close', () => this.#leave('closed'));
			framed.onMessage((bytes) => {
				this.#lastHeard = performance.now();
				if (name === 'control') this.#control(bytes);
				else if (this.#online) this.events.emit('message', { channel: name, bytes });
			});
		}
		this.#options.rawChannels.forEach((name, index) => {
			const channel = this.#pc.createDataChannel(`koers-${name}`, {
				negotiated: true,
				id: FIRST_RAW_ID + index
			});
			channel.binaryType = 'arraybuffer';
			this.#raw.set(name, channel);
		});
	}

	#opened(): void {
		const all = [...this.#framed.values()].every((f) => f.channel.readyState === 'open');
		if (!all) return;
		void this.#framed
			.get('control')!
			.send(encode({ t: 'hello', inflates: streamsDeflate }))
			.catch(() => {});
		this.#becomeOnline();
	}

	#control(bytes: Uint8Array): void {
		const message = decode(bytes);
		if (!message) return;
		if (message.t === 'hello') {
			this.#helloReceived = true;
			this.#inflates = message.inflates;
			this.#becomeOnline();
		} else if (message.t === 'ping') {
			void this.#framed
				.get('control')
				?.send(encode({ t: 'pong' }))
				.catch(() => {});
		} else if (message.t === 'bye') this.#leave(message.ended ? 'ended' : 'bye');
	}

	#becomeOnline(): void {
		const open = [...this.#framed.values()].every((f) => f.channel.readyState === 'open');
		if (this.#online || this.#gone || !this.#helloReceived || !open) return;
		this.#online = true;
		this.#lastHeard = performance.now();
		clearTimeout(this.#connectTimer);
		this.events.emit('online', undefined);
	}

	/** Pings, and gives up on a peer silent for too long; a late tick (a throttled tab) waits. */
	#tick(heartbeatMs: number): void {
		const now = performance.now();
		const late = now - this.#lastTick > heartbeatMs * 2;
		this.#lastTick = now;
		if (!this.#online) return;
		if (!late && now - this.#lastHeard > (this.#options.timeoutMs ?? 10_000))
			return this.#leave('timeout');
		void this.#framed
			.get('control')
			?.send(encode({ t: 'ping' }))
			.catch(() => {});
	}

	/** Marks the peer gone at once; the transport closes once `flush` (a bye) went out. */
	#leave(reason: GoneReason, flush?: Promise<void>): void {
		if (this.#gone) return;
		this.#gone = true;
		this.#online = false;
		clearInterval(this.#heartbeat);
		clearTimeout(this.#connectTimer);
		for (const framed of this.#framed.values()) framed.detach();
		if (!flush) this.#pc.close();
		else {
			const wait = new Promise((resolve) => setTimeout(resolve, 1_000));
			// pc.close() drops what is still buffered: give the bye a moment to leave.
			void Promise.race([flush, wait])
				.then(() => new Promise((resolve) => setTimeout(resolve, 100)))
				.then(() => this.#pc.close());
		}
		this.events.emit('gone', reason);
		this.events.clear();
	}
}

function encode(message: Control): Uint8Array {
	return new TextEncoder().encode(JSON.stringify(message));
}

function decode(bytes: Uint8Array): Control | null {
	try {
		const value = JSON.parse(new TextDecoder().decode(bytes)) as {
			t?: unknown;
			ended?: unknown;
			inflates?: unknown;
		};
		if (value.t === 'hello') return { t: 'hello', inflates: value.inflates === true };
		if (value.t === 'ping' || value.t === 'pong') return { t: value.t };
		if (value.t === 'bye') return { t: 'bye', ended: value.ended === true };
		return null;
	} catch {
		return null;
	}
}
