/**
 * A learning group, live: the rooms of its current epoch (and of the one before, where members
 * who were offline during a removal are handed the new secret), the ledger every incoming
 * envelope passes, and the learner's own contributions going out. Flows:
 *   peer → readMessage → ledger.ingestMany (in order) → db/groups storeLinks → forwarded as is
 *   learner → contribute → db/groups appendOwn (signed) → every online peer of the current room
 *   creator's removal → remove link + new epoch secret → handed to each member who proves their
 *     key on a direct connection (rekey), checked by them against the creator's commitment
 *   media on demand → each member's device serves the files of the evidence that member shares
 *     (media.ts) on the current room's media channels; the old epoch's room, where a removed
 *     member may still be, has no media served
 * Proofs, hand-overs and room ids: keys.ts; the links a peer lacks: the ledger's `missing`.
 * Who is online is only what a peer proved by signing a fresh nonce; nothing else names a member.
 * Each device of a learner is a peer with its own key and chain (own-chain.ts); a device that
 * learnt of the group from another of the learner's devices joins as a device of their member
 * as soon as it can (the member's join is here and their key vouched for this one).
 */
import {
	getGroup,
	groupLinks,
	groupPins,
	linksAfter,
	storeLinks,
	updateGroup,
	type GroupRecord
} from '$lib/db/groups';
import { myDeviceKey, myIdentity } from '$lib/db/identity';
import type { Contribution } from '$lib/domain/group/contribution';
import { Ledger, type Link } from '$lib/domain/group/ledger';
import type { Identity } from '$lib/domain/identity/keys';
import type { Pin } from '$lib/domain/identity/pins';
import type { RemotePeer } from '../peer/room';
import { randomSecret, toBase64Url } from '../sealed';
import {
	checkProof,
	epochCommitment,
	handoverKey,
	sealHandover,
	signProof,
	takeHandover
} from './keys';
import { MEDIA, mediaPeers, serveSharedFiles } from './media';
import {
	closeEpochRoom,
	greetPresent,
	openEpochRoom,
	type PeerState,
	type RoomConn,
	type RoomEvents
} from './rooms';
import { DeviceNotConfirmedError, joinAsDevice, signOwn } from './own-chain';
import { linkMessages, messageBytes, readMessage, type GroupMessage } from './protocol';

/** What a room needs beyond the defaults (tests and the bench set signaling). */
export interface SessionOptions {
	signaling?: readonly string[];
}

/** The sessions open in this page, so a contribution made elsewhere goes out at once. */
const open = new Map<string, GroupSession>();

/** Why messages or envelopes were ignored, counted (shown to the member, read by tests). */
export interface SessionCounts {
	ignoredMessages: number;
	refusedEnvelopes: number;
	badProofs: number;
}

export class GroupSession {
	readonly groupId: string;
	readonly ledger: Ledger;
	#group: GroupRecord;
	#identity: Identity;
	/** This device's author id in the group (derived from its own key). */
	#me: string;
	#options: SessionOptions;
	#joining: Promise<void> | undefined;
	#rooms = new Map<number, RoomConn>();
	#queue: Promise<void> = Promise.resolve();
	#listeners = new Set<() => void>();
	#closed = false;
	readonly counts: SessionCounts = { ignoredMessages: 0, refusedEnvelopes: 0, badProofs: 0 };

	private constructor(group: GroupRecord, identity: Identity, me: string, options: SessionOptions) {
		this.groupId = group.id;
		this.#group = group;
		this.#identity = identity;
		this.#me = me;
		this.#options = options;
		this.ledger = new Ledger(group.id, group.creator, () => this.#group.epoch);
	}

	/** Loads the group and what was received before, then joins its rooms. */
	static async open(groupId: string, options: SessionOptions = {}): Promise<GroupSession> {
		const [group, identity, me, links, pins] = await Promise.all([
			getGroup(groupId),
			myIdentity(),
			myDeviceKey(),
			groupLinks(groupId),
			groupPins(groupId)
		]);
		if (!group) throw new Error('No such group');
		open.get(groupId)?.close();
		const session = new GroupSession(group, identity, me.id, options);
		session.ledger.restore(links, pins);
		open.set(groupId, session);
		if (group.status === 'member') {
			await session.#connect();
			void session.#joinAsDevice();
		}
		return session;
	}

	get group(): GroupRecord {
		return this.#group;
	}

	/** Member ids proven online in the current room (by any of their devices). */
	online(): string[] {
		const conn = this.#rooms.get(this.#group.epoch);
		if (!conn) return [];
		return [
			...new Set(
				[...conn.peers.values()].flatMap((p) =>
					p.member && !this.ledger.revoked(p.member) ? [this.ledger.memberOf(p.member)] : []
				)
			)
		];
	}

	/** Called after anything a page shows changed (peers, epoch, counts). */
	onChange(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => void this.#listeners.delete(listener);
	}

	#changed(): void {
		for (const listener of this.#listeners) listener();
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		if (open.get(this.groupId) === this) open.delete(this.groupId);
		for (const conn of this.#rooms.values()) closeEpochRoom(conn);
		this.#rooms.clear();
		this.#listeners.clear();
	}

	/** Signs and stores the learner's next contribution, and sends it to the peers online. */
	async contribute(contribution: Contribution): Promise<Link[]> {
		const links = await signOwn(this.#group, contribution);
		await this.#enqueue(async () => {
			for (const link of links) await this.ledger.ingest(link.envelope);
		});
		await this.#broadcast(links);
		return links;
	}

	/**
	 * Takes in and sends this device's own links that another tab of this browser wrote (it
	 * stores them; this tab holds the group's room).
	 */
	sendStored(): Promise<void> {
		return this.#enqueue(async () => {
			const stored = await linksAfter(this.groupId, this.#me, this.ledger.head(this.#me)?.seq ?? 0);
			const links: Link[] = [];
			for (const link of stored) {
				// A link this tab held back until an earlier one arrived goes out with it.
				const outcome = await this.ledger.ingest(link.envelope);
				if (outcome.kind === 'accepted') links.push(...outcome.links);
			}
			if (!links.length) return;
			await this.#broadcast(links);
			this.#changed();
		});
	}

	/**
	 * Joins as a device of the learner's member when this device has no chain here yet (it
	 * learnt of the group from another of the learner's devices); waits quietly until it can.
	 */
	#joinAsDevice(): Promise<void> {
		if (this.#joining || this.#closed || this.#group.status !== 'member') return Promise.resolve();
		if (this.ledger.head(this.#me) || this.#group.myMemberId === this.#me) return Promise.resolve();
		this.#joining = (async () => {
			try {
				const links = await joinAsDevice(this.#group);
				if (!links.length) return;
				void this.#enqueue(async () => {
					for (const link of links) await this.ledger.ingest(link.envelope);
					this.#changed();
				});
				await this.#broadcast(links);
			} catch (error) {
				if (!(error instanceof DeviceNotConfirmedError)) console.error(error);
			} finally {
				this.#joining = undefined;
			}
		})();
		return this.#joining;
	}

	/**
	 * The creator removes a member: a signed `remove` (committing to the next epoch's secret),
	 * then the group moves to that epoch; members online who proved their key get the secret now,
	 * the others from whoever meets them in the old room later.
	 */
	async remove(member: string): Promise<void> {
		if (this.#group.myMemberId !== this.#group.creator) throw new Error('Only the creator removes');
		const secret = randomSecret();
		await this.contribute({ t: 'remove', member, next: await epochCommitment(secret) });
		await this.#moveTo(this.#group.epoch + 1, secret);
	}

	/** The learner leaves: a signed `leave`, then the rooms close. */
	async leave(): Promise<void> {
		await this.contribute({ t: 'leave' });
		await this.#setGroup({ status: 'left' });
		for (const conn of this.#rooms.values()) closeEpochRoom(conn);
		this.#rooms.clear();
		this.#changed();
	}

	async #setGroup(changes: Partial<GroupRecord>): Promise<void> {
		this.#group = { ...this.#group, ...changes };
		await updateGroup(this.groupId, changes);
	}

	async #moveTo(epoch: number, secret: string): Promise<void> {
		await this.#setGroup({
			epoch,
			secret,
			secrets: { ...this.#group.secrets, [epoch]: secret }
		});
		await this.#connect();
		// Members met in the room before, who proved their key, are handed the new secret now;
		// no file is served there any more (a removed member may be in it).
		for (const conn of this.#rooms.values())
			if (conn.epoch < epoch) {
				conn.media.splice(0).forEach((stop) => stop());
				for (const state of conn.peers.values()) void this.#rekey(conn, state);
			}
		this.#changed();
	}

	readonly #roomEvents: RoomEvents = {
		peer: (conn, peer) => this.#hello(conn, peer),
		gone: () => this.#changed(),
		message: (conn, peer, bytes) => void this.#enqueue(() => this.#receive(conn, peer, bytes)),
		media: (conn, channel) => this.#mediaChannel(conn, channel)
	};

	/** Keeps the rooms of the current epoch and the one before open, and no others. */
	async #connect(): Promise<void> {
		if (this.#closed) return;
		const wanted = [this.#group.epoch, this.#group.epoch - 1].filter(
			(e) => e >= 0 && this.#group.secrets[e]
		);
		for (const [epoch, conn] of this.#rooms)
			if (!wanted.includes(epoch)) {
				closeEpochRoom(conn);
				this.#rooms.delete(epoch);
			}
		for (const epoch of wanted) {
			if (this.#rooms.has(epoch)) {
				// The room that was current is now the one before: send it nothing new.
				continue;
			}
			const conn = await openEpochRoom(
				epoch,
				this.#group.secrets[epoch]!,
				this.#options.signaling,
				this.#roomEvents
			);
			if (this.#closed) {
				closeEpochRoom(conn);
				return;
			}
			this.#rooms.set(epoch, conn);
			greetPresent(conn, this.#roomEvents);
		}
	}

	/** Serves this member's shared files on a media channel of the current room (media.ts). */
	#mediaChannel(conn: RoomConn, channel: RTCDataChannel): void {
		const current = () => !this.#closed && !conn.room.closed && conn.epoch === this.#group.epoch;
		if (!current()) return;
		void serveSharedFiles(() => this.#group, conn.roomSecret, channel, current).then(
			(stop) => stop && conn.media.push(stop)
		);
	}

	/** The open media channels of the current room. */
	mediaChannels(): RTCDataChannel[] {
		return this.#rooms.get(this.#group.epoch)?.room.channels(MEDIA) ?? [];
	}

	#enqueue(work: () => Promise<void>): Promise<void> {
		const next = this.#queue.then(work).catch((error: unknown) => console.error(error));
		this.#queue = next;
		return next;
	}

	#send(conn: RoomConn, message: GroupMessage, to?: string): Promise<void> {
		if (this.#closed || conn.room.closed) return Promise.resolve();
		return conn.room.send(messageBytes(message), to).catch(() => {});
	}

	#hello(conn: RoomConn, peer: RemotePeer): void {
		if (conn.peers.has(peer.id)) return;
		const state: PeerState = {
			peer,
			nonce: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
			handover: handoverKey()
		};
		conn.peers.set(peer.id, state);
		void this.#send(
			conn,
			{
				v: 1,
				t: 'hello',
				member: this.#me,
				epoch: this.#group.epoch,
				nonce: state.nonce
			},
			peer.id
		);
	}

	async #receive(conn: RoomConn, peer: RemotePeer, bytes: Uint8Array): Promise<void> {
		const message = readMessage(bytes);
		// A peer's first message can come before our side saw it online.
		if (!conn.peers.has(peer.id)) this.#hello(conn, peer);
		const state = conn.peers.get(peer.id);
		if (!message || !state) {
			this.counts.ignoredMessages += 1;
			return;
		}
		if (message.t === 'hello') {
			state.claimed = message.member;
			state.epoch = message.epoch;
			await this.#send(conn, { v: 1, t: 'have', heads: this.ledger.heads() }, peer.id);
			const ecdh = (await state.handover).publicRaw;
			const sig = await signProof(this.#identity, {
				group: this.groupId,
				room: conn.roomId,
				from: conn.room.selfId,
				to: peer.id,
				nonce: message.nonce,
				ecdh
			});
			await this.#send(conn, { v: 1, t: 'prove', member: this.#me, ecdh, sig }, peer.id);
		} else if (message.t === 'prove') {
			state.pendingProof = { member: message.member, ecdh: message.ecdh, sig: message.sig };
			await this.#checkProof(conn, state);
		} else if (message.t === 'have') {
			// The room of an older key is where a removed member may still be: only members who
			// proved their key (and were not removed) are answered there.
			if (conn.epoch < this.#group.epoch && !this.#eligible(state)) {
				state.pendingHave = message.heads;
				return;
			}
			await this.#answerHave(conn, state, message.heads);
		} else if (message.t === 'links') {
			await this.#ingest(conn, peer, message.list);
		} else if (message.t === 'rekey') {
			state.pendingRekey = message;
			await this.#takeRekey(state);
		}
	}

	/** Checks envelopes one by one; stores and passes on what was accepted. */
	async #ingest(conn: RoomConn, from: RemotePeer, list: readonly unknown[]): Promise<void> {
		const accepted: Link[] = [];
		const pins: Pin[] = [];
		for (const outcome of await this.ledger.ingestMany(list)) {
			if (outcome.kind === 'accepted') {
				accepted.push(...outcome.links);
				pins.push(...outcome.joined);
			} else if (outcome.kind === 'refused') this.counts.refusedEnvelopes += 1;
		}
		if (!accepted.length) {
			if (list.length) this.#changed();
			return;
		}
		await storeLinks(this.groupId, accepted, pins);
		// Passed on as signed, to the others in this room (epoch permitting).
		const others = [...conn.peers.values()].filter(
			(p) => p.peer.id !== from.id && this.#eligible(p)
		);
		const out = linkMessages(accepted.filter((l) => l.epoch <= conn.epoch).map((l) => l.envelope));
		for (const peer of others)
			for (const message of out) void this.#send(conn, message, peer.peer.id);
		// A join may be what a waiting proof needed; a removal may be what a hand-over needed.
		for (const c of this.#rooms.values())
			for (const state of c.peers.values()) {
				if (state.pendingProof && !state.member) await this.#checkProof(c, state);
				if (state.pendingRekey) await this.#takeRekey(state);
			}
		const removedAt = this.ledger.removals().get(this.#group.myMemberId);
		if (removedAt !== undefined && this.#group.status === 'member') {
			await this.#setGroup({ status: 'removed' });
			for (const c of this.#rooms.values()) closeEpochRoom(c);
			this.#rooms.clear();
		}
		// The member's join may be what this device waited for to join as their device.
		void this.#joinAsDevice();
		this.#changed();
	}

	async #checkProof(conn: RoomConn, state: PeerState): Promise<void> {
		const proof = state.pendingProof;
		if (!proof) return;
		const pin = this.ledger.pin(proof.member);
		if (!pin) return; // Their join has not arrived yet: checked again when it does.
		state.pendingProof = undefined;
		// A removed device's key proves nobody (its revocation: domain/group/revocation.ts).
		if (this.ledger.revoked(proof.member)) return;
		const valid = await checkProof(pin, proof.sig, {
			group: this.groupId,
			room: conn.roomId,
			from: state.peer.id,
			to: conn.room.selfId,
			nonce: state.nonce,
			ecdh: proof.ecdh
		});
		if (!valid) {
			this.counts.badProofs += 1;
			return;
		}
		state.member = proof.member;
		state.theirHandover = proof.ecdh;
		this.#changed();
		if (state.pendingHave && this.#eligible(state)) {
			const heads = state.pendingHave;
			state.pendingHave = undefined;
			await this.#answerHave(conn, state, heads);
		}
		await this.#rekey(conn, state);
	}

	/** A peer who proved a member's key, of a member not removed, from a device not removed. */
	#eligible(state: PeerState): boolean {
		return (
			state.member !== undefined &&
			!this.ledger.revoked(state.member) &&
			!this.ledger.removals().has(this.ledger.memberOf(state.member))
		);
	}

	/** Sends the links a peer lacks (up to this room's epoch), exactly as signed. */
	async #answerHave(conn: RoomConn, state: PeerState, heads: Record<string, number>) {
		for (const out of linkMessages(this.ledger.missing(heads, conn.epoch)))
			await this.#send(conn, out, state.peer.id);
	}

	/** Hands the next epoch's secret to a proven, not removed member who is behind. */
	async #rekey(conn: RoomConn, state: PeerState): Promise<void> {
		if (!state.member || !state.theirHandover || state.epoch === undefined) return;
		if (!this.#eligible(state)) return;
		if (state.epoch >= this.#group.epoch) return;
		const target = state.epoch + 1;
		const secret = this.#group.secrets[target];
		if (!secret) return;
		const sealed = await sealHandover(state.theirHandover, secret);
		state.epoch = target;
		await this.#send(conn, { v: 1, t: 'rekey', epoch: target, ...sealed }, state.peer.id);
	}

	/** Takes a hand-over once the creator's commitment to that epoch's secret is here. */
	async #takeRekey(state: PeerState): Promise<void> {
		const rekey = state.pendingRekey;
		if (!rekey) return;
		if (rekey.epoch !== this.#group.epoch + 1) {
			state.pendingRekey = undefined;
			return;
		}
		const commitment = this.ledger.commitment(rekey.epoch);
		if (!commitment) return; // The creator's removal has not arrived yet.
		state.pendingRekey = undefined;
		const secret = await takeHandover((await state.handover).privateKey, rekey, commitment);
		if (!secret) {
			this.counts.badProofs += 1;
			return;
		}
		await this.#moveTo(rekey.epoch, secret);
	}

	async #broadcast(links: readonly Link[]): Promise<void> {
		const conn = this.#rooms.get(this.#group.epoch);
		if (!conn) return;
		for (const message of linkMessages(links.map((l) => l.envelope)))
			await this.#send(conn, message);
	}
}

/**
 * Contributes to a group from anywhere in the app: through its open session (which sends it at
 * once) or, when none is open in this page, stored to go out at the next meeting.
 */
export async function contribute(groupId: string, contribution: Contribution): Promise<Link[]> {
	const session = open.get(groupId);
	if (session) return session.contribute(contribution);
	const group = await getGroup(groupId);
	if (!group) throw new Error('No such group');
	return signOwn(group, contribution);
}

/** The session open for a group in this page, if any. */
export const openSession = (groupId: string): GroupSession | undefined => open.get(groupId);

/** The media channels of a group's current room in this page, now and as they open (media.ts). */
export const groupMediaPeers = (groupId: string) =>
	mediaPeers(groupId, () => open.get(groupId)?.mediaChannels() ?? []);
