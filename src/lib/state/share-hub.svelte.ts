import { SvelteMap } from 'svelte/reactivity';
import { countShares } from '$lib/db/shares';
import type { Publisher } from '$lib/sync/publisher';

/**
 * Publishes the learner's live shares while the app is open. The sync code (Yjs, WebRTC) is
 * loaded only when there is something to share.
 */
class ShareHub {
	#peers = new SvelteMap<string, number>();
	#publisher: Publisher | undefined;
	#starting: Promise<void> | undefined;

	/** Peers connected to a share right now. */
	peers(shareId: string): number {
		return this.#peers.get(shareId) ?? 0;
	}

	/** Starts publishing if the learner has any share (safe to call more than once). */
	async start(): Promise<void> {
		if (this.#publisher || this.#starting) return this.#starting;
		if ((await countShares()) === 0) return;
		this.#starting = (async () => {
			const { Publisher } = await import('$lib/sync/publisher');
			this.#publisher = new Publisher((id, count) => this.#peers.set(id, count));
			this.#publisher.start();
		})();
		return this.#starting;
	}

	/** Stops publishing (before deleting everything, say). */
	stop(): void {
		this.#publisher?.stop();
		this.#publisher = undefined;
		this.#starting = undefined;
	}
}

export const shareHub = new ShareHub();
