import { hex } from '@scure/base';
import type { Evidence } from '../evidence';
import type { Goal } from '../goal';
import type { Reflection } from '../reflection';

/**
 * Work brought in from another system (a LEAP2A export, an Open Badge), turned into Koers
 * records. Ids are derived from the source's own ids, so importing the same file twice finds the
 * records it made the first time instead of doubling them.
 */
export interface ForeignBundle {
	goals: Goal[];
	evidence: Evidence[];
	reflections: Reflection[];
	/** Files to attach: `ref` names the bytes in the source (a path in the ZIP, or "image"). */
	files: ForeignFile[];
	/** Entries of the source Koers has no place for (profiles, unknown types). */
	skipped: number;
	/** Files the source names but does not hold (a bare LEAP2A XML): left out, and said so. */
	missingFiles: string[];
}

export interface ForeignFile {
	attachmentId: string;
	ownerId: string;
	ref: string;
	name: string;
	type: string;
	createdAt: string;
}

/** A problem that stops a foreign file from being read; each has a message for the learner. */
export class ForeignFileError extends Error {
	constructor(
		readonly code:
			| 'notXml'
			| 'doctype'
			| 'notLeap2a'
			| 'empty'
			| 'tooLarge'
			| 'notBadge'
			| 'badgeInvalid'
			| 'unsupported'
			| 'notZip'
			| 'invalid'
			| 'duplicate'
			| 'damaged',
		readonly detail = ''
	) {
		super(`Cannot import: ${code}${detail ? ` (${detail})` : ''}`);
		this.name = 'ForeignFileError';
	}
}

/** A stable id for a record made from a foreign one: a prefix and a hash of the source ids. */
export async function stableId(prefix: string, ...parts: string[]): Promise<string> {
	const bytes = new TextEncoder().encode(parts.join('\n'));
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	return `${prefix}-${hex.encode(digest.subarray(0, 16))}`;
}

/** A timestamp from a source, or `fallback` when it is missing or not a date. */
export function stampOr(value: string | null | undefined, fallback: string): string {
	if (!value) return fallback;
	const time = Date.parse(value);
	return Number.isNaN(time) ? fallback : new Date(time).toISOString();
}

/** A blank goal with the given fields; the six elements stay for the learner to fill in. */
export function importedGoal(
	fields: Pick<Goal, 'id' | 'title' | 'description' | 'createdAt' | 'updatedAt'> & Partial<Goal>
): Goal {
	return {
		source: null,
		reason: null,
		momentOfNeed: null,
		setting: null,
		settingContext: '',
		direction: null,
		formats: [],
		pace: null,
		priorKnowledge: '',
		companion: null,
		targetDate: null,
		status: 'planned',
		successCriteria: [],
		tags: [],
		archivedAt: null,
		...fields
	};
}

/** Cuts text to a record's limit. */
export function clip(text: string, max: number): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A percent-encoded path segment decoded; a malformed escape ("%E0%A4%A") is kept as written. */
export function decodedOrSelf(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}
