import * as v from 'valibot';
import { SYNCED_TABLE_NAMES } from '../table-names';
import { DEVICE_ID_PATTERN, HLC_PATTERN, hlcDevice } from './hlc';

/**
 * One change to one top-level field of one record, as devices exchange them. `seq` numbers a
 * device's ops 1..n without gaps; `parents` are the stamps of the field versions the writer saw
 * and replaces (for a delete: every field version it saw, so an edit it did not see shows as a
 * conflict). The special field `$deleted` carries `true` (deleted) or `false` (restored). A
 * missing `value` means the field was removed from the record.
 */
export interface SyncOp {
	device: string;
	seq: number;
	hlc: string;
	table: string;
	key: string;
	field: string;
	value?: unknown;
	parents: string[];
}

export const DELETED = '$deleted';
export const MAX_KEY_LENGTH = 200;
export const MAX_FIELD_LENGTH = 64;
/** One field's value, as JSON: text, lists and framework trees stay far below this. */
export const MAX_VALUE_BYTES = 4 * 1024 * 1024;
export const MAX_PARENTS = 8;
/** A delete names every field version it saw: records have far fewer fields than this. */
export const MAX_DELETE_PARENTS = 64;

const FIELD_PATTERN = /^(\$deleted|[A-Za-z_][A-Za-z0-9_]*)$/;
const hlc = v.pipe(v.string(), v.regex(HLC_PATTERN, 'stamp'));

/** The size of a value as sent (JSON text length; undefined is absent). */
export function valueBytes(value: unknown): number {
	return value === undefined ? 0 : (JSON.stringify(value)?.length ?? 0);
}

export const SyncOpSchema = v.pipe(
	v.strictObject({
		device: v.pipe(v.string(), v.regex(DEVICE_ID_PATTERN, 'device')),
		seq: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
		hlc,
		table: v.picklist(SYNCED_TABLE_NAMES, 'table'),
		key: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_KEY_LENGTH)),
		field: v.pipe(
			v.string(),
			v.maxLength(MAX_FIELD_LENGTH),
			v.regex(FIELD_PATTERN, 'field'),
			v.check((field) => field !== 'id', 'field: the key is not a field')
		),
		value: v.optional(v.unknown()),
		parents: v.pipe(v.array(hlc), v.maxLength(MAX_DELETE_PARENTS))
	}),
	v.check((op) => hlcDevice(op.hlc) === op.device, 'stamp: not of this device'),
	v.check(
		(op) => op.field === DELETED || op.parents.length <= MAX_PARENTS,
		`parents: at most ${MAX_PARENTS}`
	),
	v.check((op) => op.field !== DELETED || typeof op.value === 'boolean', 'value: not a boolean'),
	v.check((op) => valueBytes(op.value) <= MAX_VALUE_BYTES, 'value: too large'),
	v.check((op) => isJson(op.value, 0), 'value: not plain data')
);

/** Plain JSON data only (no functions, no cycles, nothing deeper than 64 levels). */
function isJson(value: unknown, depth: number): boolean {
	if (depth > 64) return false;
	if (value === undefined && depth === 0) return true;
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
	if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.values(value as object).every((item) => isJson(item, depth + 1));
	}
	return false;
}

const OP_KEYS: ReadonlySet<string> = new Set([
	'device',
	'seq',
	'hlc',
	'table',
	'key',
	'field',
	'value',
	'parents'
]);
const TABLES: ReadonlySet<string> = new Set(SYNCED_TABLE_NAMES);
const isStamp = (item: unknown) => typeof item === 'string' && HLC_PATTERN.test(item);

/**
 * Does `raw` keep every rule of SyncOpSchema? The same rules, written out: a first sync reads
 * some 200,000 ops, and this takes a fraction of the schema's time. Only an op it does not pass
 * goes through the schema (for the reason), so it can never accept what the schema refuses
 * unless a rule below is looser than the schema's (op.spec.ts runs every refusal through both).
 */
export function keepsOpRules(raw: unknown): raw is SyncOp {
	if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype)
		return false;
	for (const name in raw) if (!OP_KEYS.has(name)) return false;
	const op = raw as Record<string, unknown>;
	const { device, seq, hlc, table, key, field, value, parents } = op;
	if (typeof device !== 'string' || !DEVICE_ID_PATTERN.test(device)) return false;
	if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return false;
	if (!isStamp(hlc) || hlcDevice(hlc as string) !== device) return false;
	if (typeof table !== 'string' || !TABLES.has(table)) return false;
	if (typeof key !== 'string' || key.length < 1 || key.length > MAX_KEY_LENGTH) return false;
	if (typeof field !== 'string' || field.length > MAX_FIELD_LENGTH) return false;
	if (!FIELD_PATTERN.test(field) || field === 'id') return false;
	if (!Array.isArray(parents) || parents.length > MAX_DELETE_PARENTS) return false;
	// Every index, as the schema reads it (every() passes over the holes of a sparse array).
	for (let i = 0; i < parents.length; i++) if (!isStamp(parents[i])) return false;
	if (field !== DELETED && parents.length > MAX_PARENTS) return false;
	if (field === DELETED && typeof value !== 'boolean') return false;
	// A text's JSON is at most six characters per character (\u0000) and its quotes.
	const bytes = typeof value === 'string' ? value.length * 6 + 2 : valueBytes(value);
	if (bytes > MAX_VALUE_BYTES) return false;
	return isJson(value, 0);
}

/** Checks an op from another device; the reason names the first thing wrong. */
export function readOp(raw: unknown): { op: SyncOp } | { reason: string } {
	if (keepsOpRules(raw)) return { op: raw };
	const result = v.safeParse(SyncOpSchema, raw);
	if (result.success) return { op: result.output as SyncOp };
	const issue = result.issues[0];
	const path = v.getDotPath(issue);
	return { reason: path ? `${path}: ${issue.message}` : issue.message };
}
