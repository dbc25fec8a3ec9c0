import { backupState, snoozeBackupReminder } from '$lib/db/backup-reminder';
import { backupDue, snoozeUntil, type BackupState } from '$lib/domain/backup/reminder';
import { act, reportFailure } from './action';

/**
 * The suggestion to export a backup: shown when there is new work and the last backup is weeks
 * old, until the learner says "Later". Read once per visit (reading may remember when the learner
 * first saved, which a live query may not write).
 */
export class BackupReminder {
	#state = $state.raw<BackupState>();
	#hidden = $state(false);
	#now: () => Date;

	/** `now` is the clock (a test sets its own). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- the moment of reading, not state
	constructor(now: () => Date = () => new Date()) {
		this.#now = now;
		void backupState().then((state) => (this.#state = state), reportFailure);
	}

	/** True once the reminder has read what it looks at. */
	get ready(): boolean {
		return this.#state !== undefined;
	}

	/** What the reminder says; undefined while reading, or when it is not due. */
	get due(): BackupState | undefined {
		const state = this.#state;
		return state && !this.#hidden && backupDue(state, this.#now()) ? state : undefined;
	}

	/** "Later": hides the reminder for a while. */
	async later(): Promise<void> {
		await act(async () => {
			await snoozeBackupReminder(snoozeUntil(this.#now()));
			this.#hidden = true;
		});
	}
}
