import { onDbEvent, savedInThisPage } from '$lib/db/events';
import { requestPersistenceOnce, storageReport, type StorageReport } from '$lib/db/storage';
import {
	forgetInterruptedUploads,
	interruptedUploads,
	sweepStorage,
	uploadsInProgress,
	type InterruptedUpload
} from '$lib/db/uploads';
import { act } from './action';
import { fileSavesRunning } from './file-save.svelte';

/** The start-up sweep waits this long, so it never competes with the first screen. */
const SWEEP_DELAY_MS = 2_000;

/** Space used and free on this device, refreshed after writes. */
class StorageState {
	#report = $state.raw<StorageReport>({ usage: null, quota: null, persisted: null });
	#interrupted = $state.raw<InterruptedUpload[]>([]);

	get report(): StorageReport {
		return this.#report;
	}

	/** Saves that Koers was closed during, until the learner dismisses the notice. */
	get interrupted(): InterruptedUpload[] {
		return this.#interrupted;
	}

	/** The learner has read which saves did not finish. */
	async dismissInterrupted(): Promise<void> {
		this.#interrupted = [];
		await act(forgetInterruptedUploads);
	}

	/** Ends saves cut off by a closed tab, removes unused chunks, then says what did not finish. */
	async sweep(): Promise<void> {
		await sweepStorage();
		await (await import('$lib/export/save-target')).removeExports();
		this.#interrupted = await interruptedUploads();
		await this.refresh();
	}

	/** Re-reads the estimate. */
	async refresh(): Promise<void> {
		this.#report = await storageReport();
	}

	/** Asks for persistent storage after the first save, keeps the estimate fresh, sweeps once, and
	 * guards the tab while a save is under way. */
	watch(): () => void {
		const refresh = () => void this.refresh();
		const askPersistence = () => void requestPersistenceOnce().then(refresh);
		const offSaved = onDbEvent('saved', askPersistence);
		// On a first visit this starts once the first save opened the database: after that save.
		if (savedInThisPage()) askPersistence();
		const offDeleted = onDbEvent('deleted', refresh);
		refresh();
		const sweep = setTimeout(() => void this.sweep(), SWEEP_DELAY_MS);
		// Closing the tab during a save loses that save: the browser asks the learner first.
		const guard = (event: BeforeUnloadEvent) => {
			if (uploadsInProgress() > 0 || fileSavesRunning() > 0) event.preventDefault();
		};
		addEventListener('beforeunload', guard);
		return () => {
			offSaved();
			offDeleted();
			clearTimeout(sweep);
			removeEventListener('beforeunload', guard);
		};
	}
}

export const storage = new StorageState();
