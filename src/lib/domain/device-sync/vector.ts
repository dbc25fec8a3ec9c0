import { hlcDevice } from './hlc';
import type { SyncOp } from './op';

/**
 * Version vectors: for each device, the highest seq held with every seq before it (and the stamp
 * of that op). The vector only moves over contiguous seqs, so it never claims an op that is not
 * here. An op is taken in when it is its device's next seq and every op it names is held;
 * otherwise it waits (a gap or a missing parent) until what it needs arrives.
 */

/** How far this database holds a device's ops. */
export interface DeviceMark {
	seq: number;
	hlc: string;
}
export type Marks = Record<string, DeviceMark>;
export type Vector = Record<string, number>;

export function vectorOf(marks: Marks): Vector {
	return Object.fromEntries(Object.entries(marks).map(([device, mark]) => [device, mark.seq]));
}

/** Is the op stamped `hlc` held here? A device's stamps rise with its seq. */
export function holds(marks: Marks, hlc: string): boolean {
	const mark = marks[hlcDevice(hlc)];
	return mark !== undefined && hlc <= mark.hlc;
}

/** How many ops `ours` holds that `theirs` lacks. */
export function missingCount(ours: Vector, theirs: Vector): number {
	let count = 0;
	for (const [device, seq] of Object.entries(ours))
		count += Math.max(0, seq - (theirs[device] ?? 0));
	return count;
}

export const byDeviceSeq = (a: SyncOp, b: SyncOp) =>
	a.device < b.device ? -1 : a.device > b.device ? 1 : a.seq - b.seq;

export interface Admission {
	/** In an order where each op comes after its device's earlier ops and its parents. */
	ready: SyncOp[];
	/** The next seq of its device, but stamped no later than the op before it: refused. */
	badStamp: SyncOp[];
	/** Waiting for an earlier seq or for a parent. */
	waiting: SyncOp[];
	/** Held already (a repeat). */
	repeats: SyncOp[];
}

/**
 * Sorts `ops` into those that can be applied now (advancing `marks`, which it mutates), those
 * that wait, and repeats. Ops taken in make others ready, in any arrival order.
 */
export function admit(ops: readonly SyncOp[], marks: Marks): Admission {
	const result: Admission = { ready: [], badStamp: [], waiting: [], repeats: [] };
	let pending: SyncOp[] = [];
	// Sorted, an op held twice in `ops` follows its first copy. A batch comes sorted already.
	const sorted = ops.every((op, i) => i === 0 || byDeviceSeq(ops[i - 1]!, op) <= 0)
		? ops
		: [...ops].sort(byDeviceSeq);
	let previous: SyncOp | undefined;
	for (const op of sorted) {
		const again = previous?.device === op.device && previous.seq === op.seq;
		if (again || op.seq <= (marks[op.device]?.seq ?? 0)) result.repeats.push(op);
		else pending.push(op);
		previous = op;
	}
	let progress = true;
	while (progress && pending.length) {
		progress = false;
		const rest: SyncOp[] = [];
		for (const op of pending) {
			const mark = marks[op.device] ?? { seq: 0, hlc: '' };
			if (op.seq !== mark.seq + 1) {
				rest.push(op);
				continue;
			}
			if (op.hlc <= mark.hlc) {
				marks[op.device] = { seq: op.seq, hlc: mark.hlc };
				result.badStamp.push(op);
				progress = true;
				continue;
			}
			if (!op.parents.every((parent) => holds(marks, parent))) {
				rest.push(op);
				continue;
			}
			marks[op.device] = { seq: op.seq, hlc: op.hlc };
			result.ready.push(op);
			progress = true;
		}
		pending = rest;
	}
	result.waiting = pending;
	return result;
}
