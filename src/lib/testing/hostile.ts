import fc from 'fast-check';

/**
 * Hostile inputs for the importers' fuzz tests (`*.fuzz.spec.ts`): real files, mutated the way
 * a broken exporter, a damaged disk or an attacker would — flipped bytes, cut-off files,
 * entries listed twice, numbers JSON reads as ∞, deep nesting and values of the wrong type.
 */

/** Every fuzz test runs this often, from the same seed, so a failure can be replayed. */
export const FUZZ = { numRuns: 1_000, seed: 19, endOnFailure: true } as const;
/** No single input may take longer than this. */
export const MAX_INPUT_MS = 3_000;

const HUGE = '__hostile_huge__';
const HUGE_NUMBERS = ['1e400', '-1e400', '99999999999999999999999', '1e-400', '-0'];

/** Bytes with one of: a flipped bit, a cut-off end, an inserted run, a repeated slice. */
export function mutatedBytes(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
	return fc
		.record({
			seed: fc.constantFrom(...seeds),
			kind: fc.constantFrom('flip', 'truncate', 'insert', 'repeat', 'flips'),
			at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
			span: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
			bits: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }),
			junk: fc.uint8Array({ minLength: 1, maxLength: 64 })
		})
		.map(({ seed, kind, at, span, bits, junk }) => {
			const i = Math.floor(at * seed.length);
			const out = seed.slice();
			switch (kind) {
				case 'flip':
					if (out.length) out[i] = out[i]! ^ (1 << bits[0]!);
					return out;
				case 'flips':
					for (const [n, bit] of bits.entries()) {
						const j = Math.floor(((at + n * span) % 1) * out.length);
						if (out.length) out[j] = out[j]! ^ (1 << bit);
					}
					return out;
				case 'truncate':
					return out.slice(0, i);
				case 'insert':
					return concat(out.slice(0, i), junk, out.slice(i));
				case 'repeat': {
					const end = Math.min(out.length, i + Math.floor(span * 4096));
					return concat(out.slice(0, end), out.slice(i, end), out.slice(end));
				}
			}
		});
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** A value of the wrong type, a huge number, or a deep nest, to put in place of another. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	fc.constant(HUGE),
	fc.constant(null),
	fc.constant(''),
	fc.constant(-1),
	fc.constant(true),
	fc.constant({}),
	fc.constant([]),
	fc.string({ maxLength: 20 }),
	fc.integer(),
	fc.double(),
	fc.string({ minLength: 300, maxLength: 2_000 }),
	fc.integer({ min: 1, max: 2_000 }).map((depth) => nest(depth)),
	fc.jsonValue({ maxDepth: 3 })
);

function nest(depth: number): unknown {
	let value: unknown = 1;
	for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
	return value;
}

type Path = (string | number)[];

/** Every path to a value inside `value`, breadth first, capped. */
function paths(value: unknown, max = 4_000): Path[] {
	const out: Path[] = [];
	const queue: [unknown, Path][] = [[value, []]];
	while (queue.length && out.length < max) {
		const [node, path] = queue.shift()!;
		out.push(path);
		if (Array.isArray(node)) node.forEach((child, i) => queue.push([child, [...path, i]]));
		else if (node && typeof node === 'object')
			for (const [key, child] of Object.entries(node)) queue.push([child, [...path, key]]);
	}
	return out;
}

/** A copy of `value` with the node at `path` changed by `change`. */
function changeAt(value: unknown, path: Path, change: (node: unknown) => unknown): unknown {
	if (path.length === 0) return change(value);
	const [head, ...rest] = path;
	if (Array.isArray(value)) {
		const copy = [...value];
		copy[head as number] = changeAt(copy[head as number], rest, change);
		return copy;
	}
	const copy = { ...(value as Record<string, unknown>) };
	copy[head as string] = changeAt(copy[head as string], rest, change);
	return copy;
}

type JsonMutation = (node: unknown, extra: unknown) => unknown;
const JSON_MUTATIONS: Record<string, JsonMutation> = {
	replace: (_node, extra) => extra,
	duplicate: (node) => (Array.isArray(node) && node.length ? [...node, node[0]] : node),
	duplicateAll: (node) => (Array.isArray(node) ? [...node, ...node] : node),
	drop: (node) => (Array.isArray(node) ? node.slice(1) : undefined),
	removeKey: (node) =>
		node && typeof node === 'object' && !Array.isArray(node)
			? Object.fromEntries(Object.entries(node).slice(1))
			: node,
	wrap: (node) => [node],
	huge: () => HUGE
};

/**
 * JSON text of a seed document with one to three changes at random places: a value replaced by
 * one of the wrong type, a huge number (1e400, which JSON reads as ∞) or a deep nest; an entry
 * listed twice; an entry or key removed.
 */
export function mutatedJson(seeds: readonly unknown[]): fc.Arbitrary<string> {
	const change = fc.record({
		at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
		kind: fc.constantFrom(...Object.keys(JSON_MUTATIONS)),
		extra: hostileValue,
		huge: fc.constantFrom(...HUGE_NUMBERS)
	});
	return fc
		.record({
			seed: fc.constantFrom(...seeds),
			changes: fc.array(change, { minLength: 1, maxLength: 3 })
		})
		.map(({ seed, changes }) => {
			let doc = seed;
			let huge = HUGE_NUMBERS[0]!;
			for (const c of changes) {
				const all = paths(doc);
				const path = all[Math.floor(c.at * all.length)]!;
				doc = changeAt(doc, path, (node) => JSON_MUTATIONS[c.kind]!(node, c.extra));
				huge = c.huge;
			}
			return (JSON.stringify(doc) ?? 'null').replaceAll(`"${HUGE}"`, huge);
		});
}

/** Counts what an importer did with the inputs, for the figures in the note. */
export class FuzzTally {
	refused = 0;
	accepted = 0;
	slowestMs = 0;
	reasons = new Map<string, number>();

	constructor(readonly importer: string) {}

	/** Records one refusal and the importer's reason for it. */
	refuse(reason: string): void {
		this.refused++;
		this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
	}

	/** Times one input; fails the property when it took longer than MAX_INPUT_MS. */
	async time<T>(run: () => Promise<T>): Promise<T> {
		const start = performance.now();
		const result = await run();
		const ms = performance.now() - start;
		this.slowestMs = Math.max(this.slowestMs, ms);
		if (ms > MAX_INPUT_MS) throw new Error(`${this.importer}: one input took ${Math.round(ms)} ms`);
		return result;
	}

	/** The figures, written to reports/fuzz/<importer>.json (nothing is printed). */
	async save(): Promise<void> {
		const { mkdir, writeFile } = await import('node:fs/promises');
		await mkdir('reports/fuzz', { recursive: true });
		const figures = {
			importer: this.importer,
			tried: this.refused + this.accepted,
			refused: this.refused,
			accepted: this.accepted,
			slowestMs: Math.round(this.slowestMs),
			reasons: Object.fromEntries(this.reasons)
		};
		await writeFile(`reports/fuzz/${this.importer}.json`, JSON.stringify(figures, null, '\t'));
	}
}
