import { addDaysToInstant, elapsedDays } from '../dates';

/** After this many days without an export, new work earns a backup reminder. */
export const REMIND_AFTER_DAYS = 21;
/** "Later" hides the reminder for this many days. */
export const SNOOZE_DAYS = 7;

/** What the learner did since their last backup, and when they last answered the reminder. */
export interface BackupState {
	/** When the last export finished, or null when there never was one. */
	lastExportAt: string | null;
	/** When the learner first saved something (the oldest record), or null when nothing is stored. */
	firstSavedAt: string | null;
	/** Goals, evidence, reflections and PE activities changed since the last export. */
	changes: number;
	/** Until when "Later" hides the reminder. */
	snoozedUntil: string | null;
}

/**
 * True when the app should suggest an export: there is new work, and the last backup (or, when
 * there never was one, the first save) is at least three weeks old; unless the learner said
 * "later" less than a week ago.
 */
export function backupDue(state: BackupState, now: Date): boolean {
	if (state.changes === 0) return false;
	if (state.snoozedUntil !== null && now.toISOString() < state.snoozedUntil) return false;
	const since = state.lastExportAt ?? state.firstSavedAt;
	if (since === null) return false;
	return elapsedDays(since, now) >= REMIND_AFTER_DAYS;
}

/** The moment "Later" pressed now stops hiding the reminder. */
export function snoozeUntil(now: Date): string {
	return addDaysToInstant(now, SNOOZE_DAYS).toISOString();
}

/** Whole days between an ISO timestamp and now. */
export function daysSince(stamp: string, now: Date): number {
	return elapsedDays(stamp, now);
}
