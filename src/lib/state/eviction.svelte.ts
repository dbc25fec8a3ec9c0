import { lastExportAt } from '$lib/db/backup-reminder';
import { onDbEvent } from '$lib/db/events';
import { countRecords, findEviction, notePresence, type Presence } from '$lib/db/presence';

/**
 * Notices at start that the browser removed the learner's data (storage cleared, space ran
 * low), from a marker outside the database that every save keeps up to date.
 */
class EvictionWatch {
	#lost = $state.raw<Presence | null>(null);
	/** Marker writes run one after another, starting after the check at start. */
	#queue: Promise<void> = Promise.resolve();

	/** What this browser held before its data was removed, until the learner dismisses it. */
	get lost(): Presence | null {
		return this.#lost;
	}

	/** The learner has read the notice: from now on, the empty database is the new start. */
	dismiss(): void {
		this.#lost = null;
		this.#note();
	}

	/** Checks once, then keeps the marker up to date after every save and when the tab is left. */
	watch(): () => void {
		this.#queue = this.#check();
		const note = () => this.#note();
		const offSaved = onDbEvent('saved', note);
		const offDeleted = onDbEvent('deleted', note);
		// Imports and restores write without events; leaving the tab counts them too.
		const onHide = () => {
			if (document.visibilityState === 'hidden') note();
		};
		document.addEventListener('visibilitychange', onHide);
		return () => {
			offSaved();
			offDeleted();
			document.removeEventListener('visibilitychange', onHide);
		};
	}

	async #check(): Promise<void> {
		try {
			this.#lost = await findEviction();
		} catch {
			return; // The database cannot be read now; the next start checks again.
		}
		if (!this.#lost) await this.#write();
	}

	#note(): void {
		this.#queue = this.#queue.then(() => this.#write());
	}

	async #write(): Promise<void> {
		try {
			const records = await countRecords();
			// While the notice waits to be read, an empty database keeps the marker as it was.
			if (records === 0 && this.#lost) return;
			notePresence(records, await lastExportAt());
		} catch {
			// Closed by another tab or a wipe: nothing to count, and the marker stays as it was.
		}
	}
}

export const eviction = new EvictionWatch();
