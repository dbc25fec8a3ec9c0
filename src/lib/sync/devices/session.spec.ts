import { describe, expect, it } from 'vitest';
import type { DeviceGroup } from '$lib/domain/devices/group';
import { encodeMessage } from '$lib/domain/devices/protocol';
import type { RemotePeer, Room, RoomEvents, RoomOptions } from '../peer/room-api';
import { Emitter } from '../peer/emitter';
import { randomSecret } from '../sealed';
import { DeviceSession, type GroupStore, type SyncEngine, type Vector } from './session';
import { deflateMessage } from './wire';

/**
 * The device protocol between sessions in one process: the rooms are an in-memory hub (the real
 * room runs on WebRTC, covered by tests/devices*.e2e.ts) and the engine a small op log that
 * keeps each device's ops in order, as the real one's vector does.
 */
interface Op {
	device: string;
	seq: number;
	value: string;
}

class LogEngine implements SyncEngine {
	ops: Op[] = [];
	/** Ops that came before their device's earlier ones (not taken). */
	early = 0;
	listeners = new Set<() => void>();
	constructor(readonly id: string) {}
	thisDevice = async () => this.id;
	vector(): Vector {
		const vector: Vector = {};
		for (const op of this.ops) vector[op.device] = Math.max(vector[op.device] ?? 0, op.seq);
		return vector;
	}
	localVector = async () => this.vector();
	missing(theirs: Vector): Op[] {
		return this.ops.filter((op) => op.seq > (theirs[op.device] ?? 0));
	}
	opsSince = async (theirs: Vector, maxBytes = Infinity) => {
		const missing = this.missing(theirs);
		const batch: Op[] = [];
		let bytes = 0;
		for (const op of missing) {
			bytes += JSON.stringify(op).length;
			if (batch.length && bytes > maxBytes) break;
			batch.push(op);
		}
		return { ops: batch, more: batch.length < missing.length };
	};
	countMissing = async (theirs: Vector) => this.missing(theirs).length;
	applyOps = async (ops: unknown[]) => {
		let applied = 0;
		const refused: { op: unknown; reason: string }[] = [];
		for (const raw of ops) {
			const op = raw as Op;
			if (typeof op?.value !== 'string') {
				refused.push({ op, reason: 'shape' });
				continue;
			}
			const next = (this.vector()[op.device] ?? 0) + 1;
			if (op.seq > next) this.early++;
			if (op.seq !== next) continue;
			this.ops.push(op);
			applied++;
		}
		return { applied, refused, vector: this.vector() };
	};
	onLocalChange = (listener: () => void) => {
		this.listeners.add(listener);
		return () => void this.listeners.delete(listener);
	};
	write(value: string): void {
		this.ops.push({ device: this.id, seq: (this.vector()[this.id] ?? 0) + 1, value });
		for (const listener of this.listeners) listener();
	}
	values(): string[] {
		return this.ops.map((op) => op.value).sort();
	}
}

class MemoryStore implements GroupStore {
	constructor(
		public group: DeviceGroup | null,
		public name: string
	) {}
	load = async () => ({ group: this.group, name: this.name });
	update = async (change: (group: DeviceGroup) => DeviceGroup | null) => {
		if (!this.group) return null;
		this.group = change(this.group);
		return this.group;
	};
	note: GroupStore['note'] = async (id, change) => {
		if (!this.group) return;
		this.group = {
			...this.group,
			devices: this.group.devices.map((d) => (d.id === id ? { ...d, ...change } : d))
		};
	};
}

/** Rooms that meet by room id in this process; messages are delivered asynchronously. */
class Hub {
	rooms = new Set<MemoryRoom>();
	open = async (options: RoomOptions): Promise<Room> => {
		const room = new MemoryRoom(this, options.room);
		for (const other of this.rooms) if (other.roomId === room.roomId) room.meet(other);
		this.rooms.add(room);
		return room;
	};
}

class MemoryRoom implements Room {
	readonly selfId = crypto.randomUUID();
	events = new Emitter<RoomEvents>();
	links = new Map<string, MemoryRoom>();
	closed = false;
	reachable = true;
	wrongKey = false;
	ended = false;
	sent: { to?: string; bytes: Uint8Array }[] = [];
	constructor(
		readonly hub: Hub,
		readonly roomId: string
	) {}
	asPeer(): RemotePeer {
		return { id: this.selfId, channel: () => undefined };
	}
	meet(other: MemoryRoom): void {
		this.links.set(other.selfId, other);
		other.links.set(this.selfId, this);
		queueMicrotask(() => {
			other.events.emit('peer-added', this.asPeer());
			this.events.emit('peer-added', other.asPeer());
		});
	}
	peers = () => [...this.links.values()].map((room) => room.asPeer());
	on<K extends keyof RoomEvents>(event: K, listener: (value: RoomEvents[K]) => void) {
		return this.events.on(event, listener);
	}
	async send(bytes: Uint8Array, to?: string): Promise<void> {
		this.sent.push({ to, bytes });
		for (const [id, room] of this.links)
			if (to === undefined || id === to)
				setTimeout(() => room.events.emit('message', { peer: this.asPeer(), bytes }), 0);
	}
	channels = () => [];
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.hub.rooms.delete(this);
		for (const room of this.links.values()) {
			room.links.delete(this.selfId);
			room.events.emit('peer-removed', { peer: this.asPeer(), reason: 'bye' });
		}
		this.links.clear();
	}
}

const ids = {
	a: 'AAAAAAAAAAAAAAAAAAAAAA',
	b: 'BBBBBBBBBBBBBBBBBBBBBB',
	c: 'CCCCCCCCCCCCCCCCCCCCCC'
};

function device(hub: Hub, id: string, name: string, secret: string, deflate?: boolean) {
	const engine = new LogEngine(id);
	const store = new MemoryStore(
		{ secret, epoch: 0, devices: [], removed: [], previous: null },
		name
	);
	const session = new DeviceSession({ engine, store, openRoom: hub.open, debounceMs: 1, deflate });
	return { engine, store, session };
}

/** Resolves once `check` holds, checking after every message round. */
async function until(check: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 2000; i++) {
		if (check()) return;
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
	throw new Error(`Timed out waiting for ${what}`);
}

/** Two devices that met in their room; `room` is one's, `to` the other's peer id there. */
async function twoMet() {
	const hub = new Hub();
	const secret = randomSecret();
	const a = device(hub, ids.a, 'Phone', secret);
	const b = device(hub, ids.b, 'Laptop', secret);
	await a.session.start();
	await b.session.start();
	await until(
		() => a.session.status.online.length === 1 && b.session.status.online.length === 1,
		'meeting'
	);
	const room = [...hub.rooms][0]!;
	return { a, b, room, to: [...room.links.keys()][0] };
}

describe('device sessions', () => {
	it('catch up both ways in bounded batches, then push live edits', async () => {
		const hub = new Hub();
		const secret = randomSecret();
		const a = device(hub, ids.a, 'Phone', secret);
		const b = device(hub, ids.b, 'Laptop', secret);
		for (let i = 0; i < 300; i++) a.engine.write(`a${i}-${'x'.repeat(5000)}`);
		b.engine.write('b0');
		const progress: number[] = [];
		b.session.events.on('status', (s) => {
			const incoming = s.incoming[0];
			if (incoming) progress.push(incoming.received / incoming.total);
		});
		await a.session.start();
		await b.session.start();
		await until(() => b.engine.ops.length === 301 && a.engine.ops.length === 301, 'catch-up');
		expect(a.engine.values()).toEqual(b.engine.values());
		// 300 ops of 5 KB are more than 1 MB: more than one batch, with progress in between.
		expect(progress.some((p) => p > 0 && p < 1)).toBe(true);
		// They learned each other's names and lists.
		expect(a.store.group!.devices.map((d) => d.name)).toEqual(['Laptop']);
		expect(b.store.group!.devices[0]!.lastSyncedAt).not.toBeNull();

		a.engine.write('live');
		await until(() => b.engine.values().includes('live'), 'live push');
		a.session.stop();
		b.session.stop();
	});

	it('sends ops deflated to a device that reads them, and as JSON to one that does not', async () => {
		const secret = randomSecret();
		for (const deflate of [true, false]) {
			const hub = new Hub();
			const a = device(hub, ids.a, 'Phone', secret);
			const b = device(hub, ids.b, 'Laptop', secret, deflate);
			for (let i = 0; i < 300; i++) a.engine.write(`a${i}-${'x'.repeat(5000)}`);
			for (let i = 0; i < 300; i++) b.engine.write(`b${i}-${'y'.repeat(5000)}`);
			await a.session.start();
			await b.session.start();
			await until(() => b.engine.ops.length === 600 && a.engine.ops.length === 600, 'catch-up');
			expect(a.engine.values()).toEqual(b.engine.values());
			const sent = [...hub.rooms].flatMap((room) => room.sent.map(({ bytes }) => bytes));
			const large = sent.filter((bytes) => bytes.byteLength > 10_000);
			// Either way 3 MB of ops travel; deflated, each batch is a fraction of its JSON.
			expect(large.length, `deflate: ${deflate}`).toBe(deflate ? 0 : 4);
			expect(sent.filter((bytes) => bytes[0] === 0).length > 0).toBe(deflate);
			a.session.stop();
			b.session.stop();
		}
	});

	it('reads messages in the order they came: a deflated batch, then at once a plain one', async () => {
		const { a, b, room, to } = await twoMet();
		// Ops of a third device: the first 300 deflated (read a moment later), the last one plain.
		const ops = Array.from({ length: 300 }, (_, i) => ({
			device: ids.c,
			seq: i + 1,
			value: `c${i} ${'x'.repeat(100)}`
		}));
		await room.send(
			await deflateMessage(encodeMessage({ t: 'ops', batch: 1, ops, more: true, total: 301 })),
			to
		);
		const last = { device: ids.c, seq: 301, value: 'last' };
		await room.send(
			encodeMessage({ t: 'ops', batch: 2, ops: [last], more: false, total: 301 }),
			to
		);
		const fromC = (d: { engine: LogEngine }) => d.engine.ops.filter((op) => op.device === ids.c);
		await until(() => fromC(a).length === 301 && fromC(b).length === 301, 'both batches');
		// Had the plain one been read first, its op would have come before the 300.
		expect(a.engine.early + b.engine.early).toBe(0);
		a.session.stop();
		b.session.stop();
	});

	it('resumes an interrupted catch-up from what arrived', async () => {
		const hub = new Hub();
		const secret = randomSecret();
		const a = device(hub, ids.a, 'Phone', secret);
		const b = device(hub, ids.b, 'Laptop', secret);
		for (let i = 0; i < 400; i++) a.engine.write(`a${i}-${'x'.repeat(5000)}`);
		const stopOnce = b.session.events.on('applied', () => {
			stopOnce();
			b.session.pause();
		});
		await a.session.start();
		await b.session.start();
		await until(() => b.session.status.state === 'paused', 'the pause');
		const got = b.engine.ops.length;
		expect(got).toBeGreaterThan(0);
		expect(got).toBeLessThan(400);
		const totals: number[] = [];
		b.session.events.on('status', (s) => s.incoming[0] && totals.push(s.incoming[0].total));
		await b.session.start();
		await until(() => b.engine.ops.length === 400, 'the rest');
		// The second catch-up counted only what was still missing.
		expect(totals[0], `got ${got}, now ${b.engine.ops.length}, totals ${totals.slice(0, 3)}`).toBe(
			400 - got
		);
		a.session.stop();
		b.session.stop();
	});

	it('ignores and counts bad messages, refuses bad ops, and goes on', async () => {
		const { a, b, room, to } = await twoMet();
		await room.send(new Uint8Array([1, 2, 3]), to);
		await room.send(new Uint8Array([0, 1, 2, 3]), to);
		await room.send(new TextEncoder().encode('{"t":"ops","v":9}'), to);
		await room.send(
			encodeMessage({ t: 'ops', batch: 99, ops: [{ device: 'x', seq: 1 }], more: false, total: 1 }),
			to
		);
		await until(
			() =>
				a.session.status.badMessages + b.session.status.badMessages === 3 &&
				a.session.status.refusedOps + b.session.status.refusedOps === 1,
			'the counts'
		);
		// Positive control: good changes still flow after the bad ones.
		a.engine.write('after');
		await until(() => b.engine.values().includes('after'), 'the next edit');
		a.session.stop();
		b.session.stop();
	});

	it('removing a device: the others move to a new room; the removed one gets nothing new', async () => {
		const hub = new Hub();
		const secret = randomSecret();
		const a = device(hub, ids.a, 'Phone', secret);
		const b = device(hub, ids.b, 'Laptop', secret);
		const c = device(hub, ids.c, 'Tablet', secret);
		await Promise.all([a.session.start(), b.session.start(), c.session.start()]);
		a.engine.write('before');
		// Positive control: before the removal, C gets A's edit.
		await until(
			() => c.engine.values().includes('before') && b.engine.values().includes('before'),
			'the first edit'
		);
		await until(() => a.store.group!.devices.length === 2, 'the device lists');
		await a.session.remove(ids.c, randomSecret());
		await until(() => b.store.group!.epoch === 1, 'the new secret at B');
		expect(b.store.group!.secret).toBe(a.store.group!.secret);
		expect(b.store.group!.removed).toEqual([ids.c]);
		expect(c.store.group!.epoch).toBe(0);
		a.engine.write('after');
		await until(() => b.engine.values().includes('after'), 'the edit after removal at B');
		// C is still in the old room with A and B listening there, yet it gets nothing new.
		c.engine.write('from c');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(c.engine.values()).not.toContain('after');
		expect(a.engine.values()).not.toContain('from c');
		a.session.stop();
		b.session.stop();
		c.session.stop();
	});

	it('a device that missed the new secret gets it in the old room', async () => {
		const hub = new Hub();
		const secret = randomSecret();
		const a = device(hub, ids.a, 'Phone', secret);
		const b = device(hub, ids.b, 'Laptop', secret);
		const c = device(hub, ids.c, 'Tablet', secret);
		await Promise.all([a.session.start(), b.session.start(), c.session.start()]);
		await until(() => a.store.group!.devices.length === 2, 'the device lists');
		b.session.pause();
		await a.session.remove(ids.c, randomSecret());
		expect(b.store.group!.epoch).toBe(0);
		await b.session.start();
		await until(() => b.store.group!.epoch === 1, 'the new secret at B');
		a.engine.write('after');
		await until(() => b.engine.values().includes('after'), 'the edit after removal at B');
		expect(c.engine.values()).not.toContain('after');
		a.session.stop();
		b.session.stop();
		c.session.stop();
	});
});
