import * as v from 'valibot';
import { BACKUP_TABLE_NAMES } from '$lib/domain/table-names';
import { db, type KoersDb } from './koers-db';

/**
 * A marker kept outside IndexedDB (in localStorage), so that when the browser evicts the
 * database the next start can tell "had data, now gone" from "new". It holds counts and dates
 * only, never anything the learner wrote.
 */
const PRESENCE_KEY = 'koers.presence';

/** The learner's own records: the tables a backup carries (each one a table of KoersDb). */
export const RECORD_TABLES = BACKUP_TABLE_NAMES satisfies readonly (keyof KoersDb)[];

const stamp = v.nullable(v.pipe(v.string(), v.maxLength(40)));
const PresenceSchema = v.object({
	records: v.pipe(v.number(), v.integer(), v.minValue(0)),
	countedAt: v.pipe(v.string(), v.maxLength(40)),
	lastExportAt: stamp
});

/** What this browser last knew it held. */
export type Presence = v.InferOutput<typeof PresenceSchema>;

/** The marker as last written, or null when there is none (or it is unreadable). */
export function readPresence(): Presence | null {
	try {
		const parsed = v.safeParse(
			PresenceSchema,
			JSON.parse(localStorage.getItem(PRESENCE_KEY) ?? 'null')
		);
		return parsed.success ? parsed.output : null;
	} catch {
		return null;
	}
}

function writePresence(presence: Presence): void {
	try {
		localStorage.setItem(PRESENCE_KEY, JSON.stringify(presence));
	} catch {
		// Storage refused (private mode, full): the next start simply cannot tell.
	}
}

/** Removes the marker: "Delete everything" is a wipe the learner asked for, not an eviction. */
export function forgetPresence(): void {
	try {
		localStorage.removeItem(PRESENCE_KEY);
	} catch {
		// Nothing to forget.
	}
}

/** How many of the learner's records the database holds. */
export async function countRecords(): Promise<number> {
	const counts = await Promise.all(RECORD_TABLES.map((name) => db[name].count()));
	return counts.reduce((a, b) => a + b, 0);
}

/**
 * Writes the marker for `records`; the last backup's date outlives the records it came from.
 * With no records there is nothing to lose, so no marker is kept (a new browser stays clean).
 */
export function notePresence(records: number, lastExportAt?: string | null): Presence | null {
	if (records === 0) {
		forgetPresence();
		return null;
	}
	const presence = {
		records,
		countedAt: new Date().toISOString(),
		lastExportAt: lastExportAt ?? readPresence()?.lastExportAt ?? null
	};
	writePresence(presence);
	return presence;
}

/** The marker as it was when the database still held records, when it now holds none. */
export async function findEviction(): Promise<Presence | null> {
	const before = readPresence();
	if (!before || before.records === 0) return null;
	return (await countRecords()) === 0 ? before : null;
}
