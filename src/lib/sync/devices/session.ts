/**
 * A device's sync with the learner's other devices, over the group's room (peer/room.ts).
 *
 * Flows (this module moves ops and file bytes; the sync engine in db/device-sync owns the
 * mapping between the database and the ops):
 *   meeting a device   → each sends hello {device, name, epoch, vector, devices}
 *   catch-up (out)     → the ops the other lacks (engine.opsSince its vector), ≤ 1 MB per batch,
 *                        at most two batches ahead of their acks {vector}: an interrupted
 *                        catch-up resumes from what the other holds, nothing is sent twice;
 *                        deflated (wire.ts) to a device whose hello said it reads them
 *   catch-up (in)      → each batch's ops checked as it arrives (engine.checkOps), then, one
 *                        batch after another, through engine.applyOps (which validates every op as a
 *                        backup import would and refuses the bad ones), then ack
 *   live (out)         → a local change pushes the new ops to the devices online (debounced)
 *   files (in)         → after ops, the attachments' bytes this device lacks (≤ 25 MB, or all when
 *                        "keep all files" is on) are fetched over the "files" raw channel with
 *                        the verified, resumable chunk transfer of media-transfer.ts
 *   removal            → a new secret and epoch; `rekey` goes only over direct connections to the
 *                        devices that stay. The old room stays open for one purpose: a device
 *                        still listed that missed the change gets the new secret there. Nothing
 *                        else is said in the old room, so a removed device gets nothing new.
 * Every incoming message is read through the protocol schemas (domain/devices/protocol); a bad
 * one is ignored and counted, and the rest go on.
 */
import {
	deviceEntries,
	mergeDevices,
	type DeviceGroup,
	type KnownDevice
} from '$lib/domain/devices/group';
import {
	decodeMessage,
	encodeMessage,
	encodeOpsMessage,
	MAX_BATCH_BYTES,
	MAX_MESSAGE_BYTES,
	type AckMessage,
	type DeviceMessage,
	type Hello,
	type OpsMessage,
	type OutgoingMessage,
	type RekeyMessage
} from '$lib/domain/devices/protocol';
import { Emitter } from '../peer/emitter';
import type { RemotePeer, Room, RoomOptions } from '../peer/room-api';
import { groupRoom } from './keys';
import { DEFLATE_FROM, deflateMessage, inflateMessage, isDeflated, wireDeflates } from './wire';

export type Vector = Record<string, number>;

/** What the session needs of the sync engine (db/device-sync). */
export interface SyncEngine {
	thisDevice(): Promise<string>;
	localVector(): Promise<Vector>;
	/** `json` (optional): the ops as JSON text, sent as they are. */
	opsSince(
		theirs: Vector,
		maxBytes?: number
	): Promise<{ ops: unknown[]; more: boolean; json?: string }>;
	countMissing(theirs: Vector): Promise<number>;
	/**
	 * Reads a batch's ops ahead (optional): a batch is read as it arrives, while the one before it
	 * is still applied; what it returns goes along to applyOps.
	 */
	checkOps?(ops: unknown[]): unknown;
	applyOps(
		ops: unknown[],
		checked?: unknown
	): Promise<{ applied: number; refused: { op: unknown; reason: string }[]; vector: Vector }>;
	onLocalChange(listener: () => void): () => void;
}

/** Where this device keeps its group (db/devices). */
export interface GroupStore {
	load(): Promise<{ group: DeviceGroup | null; name: string }>;
	update(change: (group: DeviceGroup) => DeviceGroup | null): Promise<DeviceGroup | null>;
	note(
		id: string,
		change: Partial<Pick<KnownDevice, 'vector' | 'lastSyncedAt' | 'name'>>
	): Promise<void>;
}

/** Fetches and serves file bytes over the file channels (files.ts). */
export interface FileSync {
	/** Serves this device's files on a channel; returns the function that stops. */
	serve(channel: RTCDataChannel, filesSecret: string): () => void;
	/** Fetches what is missing from the channels, one file after another. */
	fetchMissing(channels: FileChannels, filesSecret: string, signal: AbortSignal): Promise<void>;
}

export interface FileChannels {
	current(): RTCDataChannel[];
	onChannel(listener: (channel: RTCDataChannel) => void): () => void;
}

/** A catch-up coming in from another device. */
export interface IncomingProgress {
	device: string;
	name: string;
	received: number;
	total: number;
}

export interface SessionStatus {
	/** 'idle' without a group, 'paused' after Cancel, 'waiting' for another tab that syncs. */
	state: 'idle' | 'waiting' | 'running' | 'paused';
	/** The devices connected now. */
	online: { device: string; name: string }[];
	/** Catch-ups coming in now (one per device sending). */
	incoming: IncomingProgress[];
	/** Messages ignored because they did not fit the protocol. */
	badMessages: number;
	/** Ops the engine refused (invalid records), since this page opened. */
	refusedOps: number;
	/** Ops received and applied since this page opened. */
	appliedOps: number;
	/** A file being fetched now. */
	file: { sha256: string; done: number; total: number } | null;
}

export type SessionEvents = {
	status: SessionStatus;
	/** An op batch was applied (for tests and the bench). */
	applied: { device: string; count: number; more: boolean };
	/** The group changed secret (a device was removed, here or elsewhere). */
	rekeyed: number;
};

export interface SessionOptions {
	engine: SyncEngine;
	store: GroupStore;
	files?: FileSync;
	openRoom: (options: RoomOptions) => Promise<Room>;
	/** Room options for tests (signaling, timeouts). */
	roomOptions?: Partial<RoomOptions>;
	/**
	 * Calls back after changes to the op log made in any tab of this browser (the leader tab
	 * pushes what other tabs wrote too); engine.onLocalChange covers this tab only.
	 */
	watchLog?: (listener: () => void) => () => void;
	/** Local changes are pushed this long after the last one (ms). */
	debounceMs?: number;
	now?: () => string;
	/**
	 * Whether this device reads and sends messages deflated (wire.ts; default: where the browser
	 * can). Tests turn it off to play a device of a version before deflated messages.
	 */
	deflate?: boolean;
}

/** The raw channel file bytes travel on. */
export const FILES_CHANNEL = 'files';

/** The batch number of the ack that confirms a rekey (op batches count from 1). */
const REKEY_ACK = 0;
/** Op batches sent ahead of their acknowledgement. */
const IN_FLIGHT = 2;
/** How long a removal waits for the devices that stay to confirm the new secret. */
const REKEY_WAIT_MS = 5_000;

/** One connected peer of the current room. */
interface PeerState {
	peer: RemotePeer;
	device?: string;
	name?: string;
	vector?: Vector;
	/** The catch-up going out to it. */
	pumping: boolean;
	again: boolean;
	batch: number;
	acks: Map<number, (ack: AckMessage | null) => void>;
	incoming?: IncomingProgress;
	/** Its hello said it reads deflated messages. */
	deflate?: boolean;
}

const uniqueOnline = (peers: Iterable<PeerState>) => {
	const seen = new Map<string, { device: string; name: string }>();
	for (const p of peers) if (p.device) seen.set(p.device, { device: p.device, name: p.name ?? '' });
	return [...seen.values()];
};

export class DeviceSession {
	readonly events = new Emitter<SessionEvents>();
	#options: SessionOptions;
	#self = '';
	#group: DeviceGroup | null = null;
	#name = '';
	#room: Room | undefined;
	#oldRoom: Room | undefined;
	#peers = new Map<string, PeerState>();
	#stops: (() => void)[] = [];
	#applying: Promise<unknown> = Promise.resolve();
	/** Messages are read in the order they came (a deflated one takes a moment to inflate). */
	#reading: Promise<unknown> = Promise.resolve();
	#pushTimer: ReturnType<typeof setTimeout> | undefined;
	#files: AbortController | undefined;
	#filesSecret = '';
	#filesAgain = false;
	#generation = 0;
	#status: SessionStatus = {
		state: 'idle',
		online: [],
		incoming: [],
		badMessages: 0,
		refusedOps: 0,
		appliedOps: 0,
		file: null
	};

	constructor(options: SessionOptions) {
		this.#options = options;
	}

	get #deflates(): boolean {
		return (this.#options.deflate ?? true) && wireDeflates;
	}

	get status(): SessionStatus {
		return this.#status;
	}

	get selfId(): string {
		return this.#self;
	}

	#set(change: Partial<SessionStatus>): void {
		this.#status = { ...this.#status, ...change };
		this.events.emit('status', this.#status);
	}

	#now(): string {
		return this.#options.now?.() ?? new Date().toISOString();
	}

	/** Joins the group's room (and the previous one, for devices that missed a new secret). */
	async start(): Promise<void> {
		const generation = ++this.#generation;
		this.#leave();
		const { engine, store } = this.#options;
		this.#self = await engine.thisDevice();
		const { group, name } = await store.load();
		if (generation !== this.#generation) return;
		this.#group = group;
		this.#name = name;
		if (!group) return this.#set({ state: 'idle', online: [], incoming: [] });
		const current = await groupRoom(group.secret);
		const previous = group.previous ? await groupRoom(group.previous.secret) : null;
		if (generation !== this.#generation) return;
		this.#filesSecret = current.files;
		const room = await this.#options.openRoom({
			...this.#options.roomOptions,
			room: current.room,
			secret: current.secret,
			channels: [FILES_CHANNEL]
		});
		if (generation !== this.#generation) return room.close();
		this.#room = room;
		this.#stops.push(
			room.on('peer-added', (peer) => this.#added(peer)),
			room.on('peer-removed', ({ peer }) => this.#removed(peer)),
			room.on('message', ({ peer, bytes }) => this.#receive(peer, bytes)),
			room.on('channel', ({ name, channel }) => {
				if (name === FILES_CHANNEL && this.#options.files)
					this.#stops.push(this.#options.files.serve(channel, current.files));
			}),
			engine.onLocalChange(() => this.#schedulePush()),
			this.#options.watchLog?.(() => this.#schedulePush()) ?? (() => {})
		);
		for (const peer of room.peers()) this.#added(peer);
		for (const channel of room.channels(FILES_CHANNEL))
			if (this.#options.files) this.#stops.push(this.#options.files.serve(channel, current.files));
		if (previous) {
			const old = await this.#options.openRoom({
				...this.#options.roomOptions,
				room: previous.room,
				secret: previous.secret
			});
			if (generation !== this.#generation) return old.close();
			this.#oldRoom = old;
			this.#stops.push(old.on('message', ({ peer, bytes }) => this.#receiveOld(old, peer, bytes)));
		}
		this.#set({ state: 'running', online: [], incoming: [] });
		this.fetchFiles();
	}

	/** Leaves the rooms (Cancel): nothing syncs until `start` again. */
	pause(): void {
		this.#generation++;
		this.#leave();
		this.#set({ state: 'paused', online: [], incoming: [] });
	}

	/** Leaves for good (the page goes, or the database is wiped). */
	stop(): void {
		this.#generation++;
		this.#leave();
		this.#set({ state: 'idle', online: [], incoming: [] });
	}

	#leave(): void {
		this.#reading = Promise.resolve();
		clearTimeout(this.#pushTimer);
		this.#files?.abort();
		this.#files = undefined;
		for (const stop of this.#stops.splice(0)) stop();
		for (const peer of this.#peers.values()) for (const ack of peer.acks.values()) ack(null);
		this.#peers.clear();
		this.#room?.close();
		this.#oldRoom?.close();
		this.#room = this.#oldRoom = undefined;
	}

	#added(peer: RemotePeer): void {
		if (this.#peers.has(peer.id)) return;
		this.#peers.set(peer.id, { peer, pumping: false, again: false, batch: 0, acks: new Map() });
		void this.#hello(peer.id);
	}

	#removed(peer: RemotePeer): void {
		const state = this.#peers.get(peer.id);
		if (!state) return;
		this.#peers.delete(peer.id);
		for (const ack of state.acks.values()) ack(null);
		this.#publishPeers();
	}

	#publishPeers(): void {
		const peers = [...this.#peers.values()];
		this.#set({
			online: uniqueOnline(peers),
			// Copies: a status is a value, never changed after it was published.
			incoming: peers.flatMap((p) => (p.incoming ? [{ ...p.incoming }] : []))
		});
	}

	async #send(message: OutgoingMessage | Uint8Array, to: string, room = this.#room): Promise<void> {
		const bytes = message instanceof Uint8Array ? message : encodeMessage(message);
		await room?.send(bytes, to).catch(() => {});
	}

	async #hello(to: string): Promise<void> {
		const group = this.#group;
		if (!group) return;
		const vector = await this.#options.engine.localVector();
		await this.#send(
			{
				t: 'hello',
				device: this.#self,
				name: this.#name,
				epoch: group.epoch,
				vector,
				devices: deviceEntries(group, { id: this.#self, name: this.#name }),
				...(this.#deflates ? { deflate: true as const } : {})
			},
			to
		);
	}

	#bad(): void {
		this.#set({ badMessages: this.#status.badMessages + 1 });
	}

	#receive(peer: RemotePeer, bytes: Uint8Array): void {
		const state = this.#peers.get(peer.id);
		if (!state) return this.#bad();
		const generation = this.#generation;
		const read = this.#reading.then(() => this.#read(bytes));
		this.#reading = read.catch(() => {});
		read.then(
			(message) => {
				// The session left the room or the peer went while it was read: nothing to answer.
				if (generation !== this.#generation || this.#peers.get(peer.id) !== state) return;
				if (!message) return this.#bad();
				void this.#handle(state, message).catch(() => this.#bad());
			},
			() => this.#bad()
		);
	}

	/** A message's bytes read (null: not a message of the protocol), deflated or not. */
	async #read(bytes: Uint8Array): Promise<DeviceMessage | null> {
		if (!isDeflated(bytes)) return decodeMessage(bytes);
		// A deflated message is no larger than the message it holds.
		if (!this.#deflates || bytes.byteLength > MAX_MESSAGE_BYTES) return null;
		const inflated = await inflateMessage(bytes, MAX_MESSAGE_BYTES);
		return inflated && decodeMessage(inflated);
	}

	async #handle(state: PeerState, message: DeviceMessage): Promise<void> {
		if (message.t === 'hello') return this.#onHello(state, message);
		if (message.t === 'rekey') return this.#onRekey(state, message);
		// Ops and acks come only from a device that said who it is.
		if (!state.device) return this.#bad();
		if (message.t === 'ops') return this.#onOps(state, message);
		return state.acks.get(message.batch)?.(message);
	}

	async #onHello(state: PeerState, hello: Hello): Promise<void> {
		const group = this.#group;
		if (!group || hello.device === this.#self || group.removed.includes(hello.device)) return;
		if (hello.epoch > group.epoch) return; // It moved on: its rekey will come.
		state.device = hello.device;
		state.name = hello.name;
		state.vector = hello.vector;
		state.deflate = hello.deflate === true && this.#deflates;
		const now = this.#now();
		this.#group =
			(await this.#options.store.update((g) =>
				mergeDevices(g, this.#self, { device: hello.device, name: hello.name }, hello.devices, now)
			)) ?? group;
		await this.#options.store.note(hello.device, { vector: hello.vector, name: hello.name });
		this.#publishPeers();
		void this.#pump(state);
	}

	/** Sends a peer the ops it lacks, one acknowledged batch after another. */
	async #pump(state: PeerState): Promise<void> {
		if (state.pumping) {
			state.again = true;
			return;
		}
		state.pumping = true;
		const generation = this.#generation;
		const { engine, store } = this.#options;
		try {
			do {
				state.again = false;
				let total = -1;
				const start = { ...(state.vector ?? {}) };
				// What the peer will hold once the batches sent so far are applied: the next batch is
				// read while the last one is applied there (at most IN_FLIGHT batches unacknowledged).
				const assumed = { ...start };
				const inFlight: Promise<AckMessage | null>[] = [];
				const settle = async (): Promise<boolean> => {
					const ack = await inFlight.shift()!;
					if (!ack) return false;
					state.vector = ack.vector;
					if (state.device) await store.note(state.device, { vector: ack.vector });
					return true;
				};
				for (;;) {
					if (generation !== this.#generation || !this.#peers.has(state.peer.id)) return;
					const { ops, more, json } = await engine.opsSince(assumed, MAX_BATCH_BYTES);
					if (ops.length === 0) break;
					if (total < 0) total = await engine.countMissing(start);
					const batch = ++state.batch;
					inFlight.push(
						new Promise<AckMessage | null>((resolve) =>
							state.acks.set(batch, (ack) => {
								state.acks.delete(batch);
								resolve(ack);
							})
						)
					);
					const bytes =
						json === undefined
							? encodeMessage({ t: 'ops', batch, ops, more, total })
							: encodeOpsMessage({ t: 'ops', batch, more, total }, json);
					await this.#send(
						state.deflate && bytes.byteLength >= DEFLATE_FROM
							? await deflateMessage(bytes).catch(() => bytes)
							: bytes,
						state.peer.id
					);
					for (const op of ops as { device?: unknown; seq?: unknown }[])
						if (typeof op.device === 'string' && typeof op.seq === 'number')
							assumed[op.device] = Math.max(assumed[op.device] ?? 0, op.seq);
					if (inFlight.length >= IN_FLIGHT && !(await settle())) return;
					if (!more) break;
				}
				while (inFlight.length) if (!(await settle())) return;
				// The peer took less than was sent (ops held back or refused): go again from what it
				// holds, but only while it takes something, so nothing is sent forever.
				const held = state.vector ?? {};
				const progressed = Object.entries(held).some(([d, n]) => n > (start[d] ?? 0));
				const short = Object.entries(assumed).some(([d, n]) => n > (held[d] ?? 0));
				if (short && progressed) state.again = true;
				if (state.device && total >= 0)
					await store.note(state.device, { lastSyncedAt: this.#now() });
			} while (state.again);
		} finally {
			state.pumping = false;
		}
	}

	async #onOps(state: PeerState, message: OpsMessage): Promise<void> {
		const device = state.device!;
		if (!state.incoming || state.incoming.received >= state.incoming.total) {
			state.incoming = { device, name: state.name ?? '', received: 0, total: message.total };
			this.#publishPeers();
		}
		const { engine } = this.#options;
		const checked = engine.checkOps?.(message.ops);
		const apply = this.#applying.then(() => engine.applyOps(message.ops, checked));
		this.#applying = apply.catch(() => {});
		const generation = this.#generation;
		const result = await apply;
		if (generation !== this.#generation) return;
		state.incoming.received += message.ops.length;
		state.incoming.total = Math.max(state.incoming.total, state.incoming.received);
		this.#set({
			appliedOps: this.#status.appliedOps + result.applied,
			refusedOps: this.#status.refusedOps + result.refused.length
		});
		if (!message.more) state.incoming = undefined;
		this.#publishPeers();
		await this.#send(
			{ t: 'ack', batch: message.batch, vector: result.vector, refused: result.refused.length },
			state.peer.id
		);
		this.events.emit('applied', { device, count: message.ops.length, more: message.more });
		if (!message.more) {
			await this.#options.store.note(device, { lastSyncedAt: this.#now() });
			// What came in may be news to the other devices online; then files may be missing. Each
			// peer hears what this device holds now: ops held back here until others arrived may
			// have gone in meanwhile, and a sender learns only so what is still missing.
			for (const other of this.#peers.values()) if (other.device) void this.#hello(other.peer.id);
			this.#schedulePush();
			this.fetchFiles();
		}
	}

	#schedulePush(): void {
		clearTimeout(this.#pushTimer);
		this.#pushTimer = setTimeout(() => {
			for (const state of this.#peers.values()) if (state.vector) void this.#pump(state);
			this.fetchFiles();
		}, this.#options.debounceMs ?? 200);
	}

	/** Fetches the missing files from the devices online (again after the current run). */
	fetchFiles(): void {
		const files = this.#options.files;
		const room = this.#room;
		if (!files || !room) return;
		if (this.#files) {
			this.#filesAgain = true;
			return;
		}
		const controller = (this.#files = new AbortController());
		const channels: FileChannels = {
			current: () => room.channels(FILES_CHANNEL),
			onChannel: (listener) =>
				room.on('channel', ({ name, channel }) => name === FILES_CHANNEL && listener(channel))
		};
		void (async () => {
			do {
				this.#filesAgain = false;
				await files.fetchMissing(channels, this.#filesSecret, controller.signal).catch(() => {});
			} while (this.#filesAgain && !controller.signal.aborted);
			if (this.#files === controller) this.#files = undefined;
		})();
	}

	/** Shows a file fetch's progress (files.ts calls it). */
	fileProgress(file: SessionStatus['file']): void {
		this.#set({ file });
	}

	/**
	 * Removes a device: the group moves to a new secret, which goes only to the devices that stay
	 * and are online now (the others get it in the old room later). Then this device moves over.
	 */
	async remove(device: string, newSecret: string): Promise<void> {
		const { withoutDevice } = await import('$lib/domain/devices/group');
		const next = await this.#options.store.update((g) => withoutDevice(g, device, newSecret));
		if (!next) return;
		await this.#sendRekey(next, this.#room);
		this.events.emit('rekeyed', next.epoch);
		await this.start();
	}

	async #sendRekey(group: DeviceGroup, room: Room | undefined, only?: string): Promise<void> {
		const staying = new Set(group.devices.map((d) => d.id));
		const message: OutgoingMessage = {
			t: 'rekey',
			device: this.#self,
			secret: group.secret,
			epoch: group.epoch,
			devices: deviceEntries(group, { id: this.#self, name: this.#name })
		};
		const targets =
			room === this.#room
				? [...this.#peers.values()].flatMap((p) =>
						p.device && staying.has(p.device) ? [p.peer.id] : []
					)
				: only
					? [only]
					: [];
		// In the current room, the devices that stay confirm before this one leaves it.
		const confirmed = targets.map((to) => {
			const state = room === this.#room ? this.#peers.get(to) : undefined;
			if (!state) return;
			return new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, REKEY_WAIT_MS);
				state.acks.set(REKEY_ACK, () => {
					clearTimeout(timer);
					state.acks.delete(REKEY_ACK);
					resolve();
				});
			});
		});
		await Promise.all(targets.map((to) => this.#send(message, to, room)));
		await Promise.all(confirmed);
	}

	/** The old room: a listed device that missed the new secret says hello and gets it. */
	#receiveOld(room: Room, peer: RemotePeer, bytes: Uint8Array): void {
		const message = decodeMessage(bytes);
		if (!message) return this.#bad();
		const group = this.#group;
		if (message.t !== 'hello' || !group) return;
		if (!group.devices.some((d) => d.id === message.device)) return;
		void this.#sendRekey(group, room, peer.id);
	}

	async #onRekey(state: PeerState, message: RekeyMessage): Promise<void> {
		const group = this.#group;
		if (!group || message.epoch <= group.epoch) return;
		if (state.device && state.device !== message.device) return this.#bad();
		if (!group.devices.some((d) => d.id === message.device)) return;
		if (!message.devices.some((d) => d.id === this.#self)) return;
		const listed = new Set(message.devices.map((d) => d.id));
		const next = await this.#options.store.update((g) => {
			const byId = new Map(g.devices.map((d) => [d.id, d]));
			const now = this.#now();
			return {
				secret: message.secret,
				epoch: message.epoch,
				devices: message.devices
					.filter((d) => d.id !== this.#self)
					.map(
						(d) =>
							byId.get(d.id) ?? {
								id: d.id,
								name: d.name,
								addedAt: now,
								lastSyncedAt: null,
								vector: {}
							}
					),
				removed: [
					...new Set([...g.removed, ...g.devices.filter((d) => !listed.has(d.id)).map((d) => d.id)])
				],
				previous: { secret: g.secret, epoch: g.epoch }
			};
		});
		if (!next) return;
		await this.#send({ t: 'ack', batch: REKEY_ACK, vector: {}, refused: 0 }, state.peer.id);
		this.events.emit('rekeyed', next.epoch);
		await this.start();
	}

	/** Renames this device and tells the devices online. */
	async rename(name: string): Promise<void> {
		this.#name = name;
		for (const state of this.#peers.values()) void this.#hello(state.peer.id);
	}
}
