import { onDbEvent } from '$lib/db/events';
import { requestPersistenceOnce, storageReport, type StorageReport } from '$lib/db/storage';

/** Space used and free on this device, refreshed after writes. */
class StorageState {
	#report = $state.raw<StorageReport>({ usage: null, quota: null, persisted: null });

	get report(): StorageReport {
		return this.#report;
	}

	/** Re-reads the estimate. */
	async refresh(): Promise<void> {
		this.#report = await storageReport();
	}

	/** Asks for persistent storage after the first save; keeps the estimate fresh. */
	watch(): () => void {
		const refresh = () => void this.refresh();
		const offSaved = onDbEvent('saved', () => {
			void requestPersistenceOnce().then(refresh);
		});
		const offDeleted = onDbEvent('deleted', refresh);
		refresh();
		return () => {
			offSaved();
			offDeleted();
		};
	}
}

export const storage = new StorageState();
