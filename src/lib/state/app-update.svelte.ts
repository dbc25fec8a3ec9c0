import type { Workbox } from 'workbox-window';
import { act } from './action';
import { backgroundMayStart } from './foreground';
import { afterFirstScreen } from './idle';

/**
 * The service-worker lifecycle: registers it, notices when a new version waits, and reloads
 * into it only when the learner says so (waiting → skip-waiting → controlling → reload).
 */
class AppUpdate {
	#waiting = $state(false);
	#checking = $state(false);
	#workbox: Workbox | undefined;
	#applying = false;

	/** True when a new version is installed and waits for the learner's word. */
	get waiting(): boolean {
		return this.#waiting;
	}

	/**
	 * Registers the service worker (built apps only) and checks for updates now and then. Starts
	 * once the first screen is up and the page is idle (and an opening share link showed), so
	 * workbox-window and the precache (every file of the app) do not compete with the first screen
	 * for a phone's network and CPU.
	 */
	async register(url: string): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		await afterFirstScreen();
		// A share link opening in front comes first (state/foreground).
		await backgroundMayStart();
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

	/** True while a check the learner asked for runs. */
	get checking(): boolean {
		return this.#checking;
	}

	/** Checks for a new version now, as the learner asked; a failed check is told in a toast. */
	async check(): Promise<void> {
		this.#checking = true;
		await act(async () => {
			await this.#workbox?.update();
		});
		this.#checking = false;
	}

	/** Keeps chosen files, then activates the waiting version; the page reloads once it controls. */
	async apply(): Promise<void> {
		if (this.#applying) return;
		this.#applying = true;
		const kept = await act(async () => {
			// The drafts' files live in the database, whose code the first screen does without.
			const { keepChosenFiles } = await import('./draft.svelte');
			await keepChosenFiles();
			return true;
		});
		// Files that could not be kept would be lost in the reload: the learner hears why and stays.
		if (!kept) {
			this.#applying = false;
			return;
		}
		this.#workbox?.messageSkipWaiting();
	}
}

export const appUpdate = new AppUpdate();
