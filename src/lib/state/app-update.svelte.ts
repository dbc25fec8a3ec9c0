import type { Workbox } from 'workbox-window';
import { keepChosenFiles } from './draft.svelte';

/**
 * The service-worker lifecycle: registers it, notices when a new version waits, and reloads
 * into it only when the learner says so (waiting → skip-waiting → controlling → reload).
 */
class AppUpdate {
	#waiting = $state(false);
	#workbox: Workbox | undefined;
	#applying = false;

	/** True when a new version is installed and waits for the learner's word. */
	get waiting(): boolean {
		return this.#waiting;
	}

	/** Registers the service worker (built apps only) and checks for updates now and then. */
	async register(url: string): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const { Workbox } = await import('workbox-window');
		const workbox = new Workbox(url);
		this.#workbox = workbox;
		workbox.addEventListener('waiting', () => (this.#waiting = true));
		// Reload only when the learner asked for the new version, never behind their back.
		workbox.addEventListener('controlling', () => {
			if (this.#applying) location.reload();
		});
		await workbox.register();
		const check = () => {
			if (document.visibilityState === 'visible' && navigator.onLine) void workbox.update();
		};
		document.addEventListener('visibilitychange', check);
		setInterval(check, 60 * 60 * 1000);
	}

	/** Checks for a new version now. */
	async check(): Promise<void> {
		await this.#workbox?.update();
	}

	/** Keeps chosen files, then activates the waiting version; the page reloads once it controls. */
	async apply(): Promise<void> {
		if (this.#applying) return;
		this.#applying = true;
		await keepChosenFiles();
		this.#workbox?.messageSkipWaiting();
	}
}

export const appUpdate = new AppUpdate();
