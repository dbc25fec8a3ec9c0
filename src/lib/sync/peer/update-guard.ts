/**
 * The guard in front of every Yjs sync message a peer sends (doc-sync.ts). Peers are untrusted,
 * and Yjs has hung or crashed on crafted updates (yjs#479, #498, #687: readers looping on
 * malformed varints and run-length counts; #541: minutes spent on huge updates). So a message
 * passes three gates before it touches the real document:
 * 1. its size (cheap, on the main thread);
 * 2. its structure, decoded with `Y.decodeUpdate`: struct count, string lengths, nesting;
 * 3. a probe: the update applied to a mirror of the document (a copy kept in step with it).
 * Gates 2 and 3 run in a Web Worker that is terminated after `PROBE_MS`, so a runaway update
 * never blocks the UI. Where there is no Worker (Node, vitest) they run in-process: the caps of
 * gate 2 then bound the work, but nothing can stop a runaway in gate 3.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';

/** Why a message was refused. */
export type RefusalReason = 'too-large' | 'malformed' | 'too-complex' | 'timeout';

/**
 * The largest sync message read. A share holds at most 5,000 items (share-doc.ts); a 1,000-item
 * share's first sync is about 0.5 MB, so the largest legitimate one is about 2.5 MB plus its
 * responses. The framing would carry 64 MiB; beyond 8 MiB nothing Koers writes is expected.
 */
export const MAX_SYNC_MESSAGE_BYTES = 8 * 1024 * 1024;
/** The most structs one update may hold (a 5,000-item share with its history is far below). */
export const MAX_STRUCTS = 200_000;
/**
 * The longest string in an update. A share keeps each item as one JSON text (share-doc.ts), and
 * a live share stays below 4 MiB of text (LIVE_SAFE_BYTES), so no item's text is longer.
 */
export const MAX_STRING_CHARS = 4_000_000;
/** How deep Yjs types and JSON values may nest (share documents use one level of maps). */
export const MAX_DEPTH = 64;
/** How long the probe may take before it is stopped and the message refused ... */
export const PROBE_MS = 2_000;
/** ... plus this much per MB of document and update (a real 2 MB share applies in ~0.1 s) ... */
const PROBE_MS_PER_MB = 1_000;
/** ... plus this much when the worker has to start first (fetching and parsing Yjs). */
const STARTUP_MS = 5_000;

const SYNC_STEP_1 = 0;

/** A sync message's update (step 2 or update), undefined for step 1; throws on other bytes. */
export function updateOf(message: Uint8Array): Uint8Array | undefined {
	const decoder = decoding.createDecoder(message);
	const type = decoding.readVarUint(decoder);
	if (type === SYNC_STEP_1) {
		Y.decodeStateVector(decoding.readVarUint8Array(decoder));
		return undefined;
	}
	if (type !== 1 && type !== 2) throw new Error('Not a sync message');
	const update = decoding.readVarUint8Array(decoder);
	if (decoder.pos !== message.length) throw new Error('Trailing bytes');
	return update;
}

/** Gate 2: why the update's structure is refused, or null if it is within the caps. */
export function inspectUpdate(update: Uint8Array): RefusalReason | null {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch {
		return 'malformed';
	}
	const { structs, ds } = decoded;
	if (structs.length > MAX_STRUCTS) return 'too-complex';
	let ranges = 0;
	for (const deletes of ds.clients.values()) ranges += deletes.length;
	if (ranges > MAX_STRUCTS) return 'too-complex';
	/** Each type item of this update, by its id, with its parent's id. */
	const types = new Map<string, string | null>();
	const key = (id: Y.ID) => `${id.client}:${id.clock}`;
	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		const { parentSub, content } = struct;
		// Decoded, not integrated: the parent is still a root type's name or an id.
		const parent: unknown = struct.parent;
		if (typeof parent === 'string' && parent.length > MAX_STRING_CHARS) return 'too-complex';
		if (parentSub !== null && parentSub.length > MAX_STRING_CHARS) return 'too-complex';
		if (content instanceof Y.ContentType)
			types.set(key(struct.id), parent instanceof Y.ID ? key(parent) : null);
		if (!contentWithinCaps(content)) return 'too-complex';
	}
	for (const start of types.keys()) {
		let depth = 0;
		for (let at: string | null | undefined = start; at; at = types.get(at))
			if (++depth > MAX_DEPTH) return 'too-complex';
	}
	return null;
}

function contentWithinCaps(content: Y.Item['content']): boolean {
	if (content instanceof Y.ContentString) return content.str.length <= MAX_STRING_CHARS;
	if (content instanceof Y.ContentAny) return content.arr.every((value) => valueWithinCaps(value));
	if (content instanceof Y.ContentJSON) return content.arr.every((value) => valueWithinCaps(value));
	if (content instanceof Y.ContentFormat)
		return content.key.length <= MAX_STRING_CHARS && valueWithinCaps(content.value);
	if (content instanceof Y.ContentEmbed) return valueWithinCaps(content.embed);
	return true;
}

/** A JSON value's strings and nesting, walked without recursion. */
function valueWithinCaps(root: unknown): boolean {
	const stack: [unknown, number][] = [[root, 0]];
	for (let next = stack.pop(); next; next = stack.pop()) {
		const [value, depth] = next;
		if (depth > MAX_DEPTH) return false;
		if (typeof value === 'string') {
			if (value.length > MAX_STRING_CHARS) return false;
		} else if (value instanceof Uint8Array) {
			if (value.length > MAX_STRING_CHARS) return false;
		} else if (Array.isArray(value)) {
			for (const item of value as unknown[]) stack.push([item, depth + 1]);
		} else if (value !== null && typeof value === 'object') {
			for (const [name, item] of Object.entries(value)) {
				if (name.length > MAX_STRING_CHARS) return false;
				stack.push([item, depth + 1]);
			}
		}
	}
	return true;
}

/**
 * Gates 2 and 3 in one: the update inspected, then applied to `mirror`, a copy of the real
 * document kept in step with it (see `createProber`). A refusal for `'malformed'` may have left
 * the mirror half-changed: it must then be rebuilt from the real document.
 */
export function probeOnMirror(mirror: Y.Doc, update: Uint8Array): RefusalReason | null {
	const structure = inspectUpdate(update);
	if (structure) return structure;
	try {
		Y.applyUpdate(mirror, update);
		return null;
	} catch {
		return 'malformed';
	}
}

/** The probe against a throwaway copy of the document whose state is `state`. */
export function probeUpdate(state: Uint8Array, update: Uint8Array): RefusalReason | null {
	const copy = new Y.Doc();
	try {
		Y.applyUpdate(copy, state);
		return probeOnMirror(copy, update);
	} catch {
		return 'malformed';
	} finally {
		copy.destroy();
	}
}

/**
 * What update-probe.worker.ts is told: start its mirror over from the real document's `state`,
 * apply an update the real document took in (the page's own edits), or probe a peer's update
 * (which, if it passes, the mirror keeps: the real document applies it next). Only a probe is
 * answered.
 */
export type ProbeRequest =
	| { kind: 'reset'; state: Uint8Array }
	| { kind: 'apply'; update: Uint8Array }
	| { kind: 'probe'; id: number; update: Uint8Array };
export interface ProbeAnswer {
	id: number;
	refused: RefusalReason | null;
}

/** Runs each request on the mirror of whoever sends them (the worker, or the in-process prober). */
export function mirrorRunner(): (request: ProbeRequest) => RefusalReason | null {
	let mirror = new Y.Doc();
	return (request) => {
		if (request.kind === 'reset') {
			mirror.destroy();
			mirror = new Y.Doc();
			Y.applyUpdate(mirror, request.state);
		} else if (request.kind === 'apply') Y.applyUpdate(mirror, request.update);
		else return probeOnMirror(mirror, request.update);
		return null;
	};
}

/**
 * Probes a peer's update before `doc` applies it; `applied` hands on each update `doc` took in
 * from elsewhere (not one just probed), `reset` rebuilds the mirror from `doc` (when the two may
 * differ), `close()` ends the worker.
 */
export interface Prober {
	probe(update: Uint8Array): Promise<RefusalReason | null>;
	applied(update: Uint8Array): void;
	reset(): void;
	close(): void;
}

/**
 * The prober of `doc` in this environment: a worker stopped after `PROBE_MS` where there is one,
 * else in-process. The worker keeps a mirror of `doc` (given its state once, then every update),
 * so a probe costs what its update costs, not what the document does. A legitimate update is
 * never near the limit, so a refusal for time means a runaway, and a peer's next sync resends
 * whatever was lost with it.
 */
export function createProber(doc: Y.Doc, timeoutMs = PROBE_MS): Prober {
	if (typeof Worker === 'undefined') {
		const run = mirrorRunner();
		const reset = () => run({ kind: 'reset', state: Y.encodeStateAsUpdate(doc) });
		reset();
		return {
			probe: (update) => {
				const refused = run({ kind: 'probe', id: 0, update });
				if (refused === 'malformed') reset();
				return Promise.resolve(refused);
			},
			applied: (update) => void run({ kind: 'apply', update }),
			reset,
			close() {}
		};
	}
	let worker: Worker | undefined;
	/** The worker has not answered yet (it may still be fetching and parsing Yjs). */
	let fresh = true;
	/** About how large the mirror is (what it was given), for the time limit. */
	let mirrorBytes = 0;
	let next = 0;
	let closed = false;
	const waiting = new Map<number, (refused: RefusalReason | null) => void>();
	const post = (request: ProbeRequest, bytes: Uint8Array) => {
		mirrorBytes += bytes.length;
		// Copies are handed over, so the callers' buffers stay usable.
		worker?.postMessage(request, [bytes.buffer]);
	};
	/** A new mirror of the document as it is now (in the worker started if there is none). */
	const reset = () => {
		worker ??= start();
		mirrorBytes = 0;
		const state = Y.encodeStateAsUpdate(doc);
		post({ kind: 'reset', state }, state);
	};
	const stop = (refused: RefusalReason) => {
		worker?.terminate();
		worker = undefined;
		for (const resolve of waiting.values()) resolve(refused);
		waiting.clear();
	};
	const start = () => {
		const started = new Worker(new URL('./update-probe.worker.ts', import.meta.url), {
			type: 'module'
		});
		fresh = true;
		started.onmessage = ({ data }: MessageEvent<ProbeAnswer>) => {
			fresh = false;
			waiting.get(data.id)?.(data.refused);
			waiting.delete(data.id);
		};
		// A worker that fails (out of memory, a crash) refuses what it was probing.
		started.onerror = () => stop('malformed');
		return started;
	};
	// Started at once, so it is ready (Yjs parsed, the mirror built) when the first update comes.
	reset();
	return {
		probe: (update) =>
			new Promise<RefusalReason | null>((resolve) => {
				if (closed) return resolve('timeout');
				if (!worker) reset();
				const id = next++;
				const mb = (mirrorBytes + update.length) / 1_000_000;
				const limit = timeoutMs + mb * PROBE_MS_PER_MB + (fresh ? STARTUP_MS : 0);
				const timer = setTimeout(() => stop('timeout'), limit);
				waiting.set(id, (refused) => {
					clearTimeout(timer);
					// A half-applied update may have changed the mirror: it starts over.
					if (refused === 'malformed' && worker && !closed) reset();
					resolve(refused);
				});
				const copy = update.slice();
				post({ kind: 'probe', id, update: copy }, copy);
			}),
		applied: (update) => {
			if (!worker) return;
			const copy = update.slice();
			post({ kind: 'apply', update: copy }, copy);
		},
		reset: () => {
			if (worker) reset();
		},
		close: () => {
			closed = true;
			stop('timeout');
		}
	};
}
