import { SvelteMap } from 'svelte/reactivity';
import { countShares } from '$lib/db/shares';
import type { Publisher, PublishStatus } from '$lib/sync/publisher';
import { reportFailure } from './action';

/**
 * Publishes the learner's live shares while the app is open. The sync code (Yjs, WebRTC) is
 * loaded only when there is something to share.
 */
class ShareHub {
	#status = new SvelteMap<string, PublishStatus>();
	#publisher: Publisher | undefined;
	#starting: Promise<void> | undefined;
	#generation = 0;

	/** Peers connected to a share right now. */
	peers(shareId: string): number {
		return this.#status.get(shareId)?.peers ?? 0;
	}

	/** True while a share's live link finds this page (see PublishStatus). */
	live(shareId: string): boolean {
		return this.#status.get(shareId)?.live ?? false;
	}

	/** Starts publishing if the learner has any share (safe to call more than once). */
	async start(): Promise<void> {
		if (this.#publisher || this.#starting) return this.#starting;
		// Taken before the first await, so two calls at once start one publisher, not two.
		const starting: Promise<void> = (this.#starting = this.#begin().finally(() => {
			if (!this.#publisher && this.#starting === starting) this.#starting = undefined;
		}));
		return starting;
	}

	async #begin(): Promise<void> {
		const generation = this.#generation;
		if ((await countShares()) === 0) return;
		const { Publisher } = await import('$lib/sync/publisher');
		// Stopped meanwhile, or started by another call: nothing to do.
		if (this.#publisher || generation !== this.#generation) return;
		this.#publisher = new Publisher((id, status) => this.#status.set(id, status), reportFailure);
		this.#publisher.start();
	}

	/** Stops publishing (before deleting everything, say). */
	stop(): void {
		this.#generation++;
		this.#publisher?.stop();
		this.#publisher = undefined;
		this.#starting = undefined;
	}
}

export const shareHub = new ShareHub();
