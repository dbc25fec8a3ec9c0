import { createSubscriber } from 'svelte/reactivity';
import { watchQuery } from '$lib/db/live';

/**
 * Makes a database query reactive: `current` is undefined while loading, then the latest result,
 * re-read whenever the tables it touched change (in this tab or another). When a read fails,
 * `error` holds why (show it in place, see load-error.svelte) and `retry()` reads again.
 */
export class LiveQuery<T> {
	#value = $state.raw<T | undefined>(undefined);
	#error = $state.raw<unknown>(undefined);
	#query: () => Promise<T>;
	#stop: (() => void) | undefined;
	#subscribe: () => void;

	constructor(query: () => Promise<T>) {
		this.#query = query;
		this.#subscribe = createSubscriber(() => {
			this.#start();
			return () => {
				this.#stop?.();
				this.#stop = undefined;
			};
		});
	}

	#start(): void {
		this.#stop?.();
		this.#stop = watchQuery(this.#query, {
			next: (value) => {
				this.#error = undefined;
				this.#value = value;
			},
			error: (error) => {
				console.error(error);
				this.#error = error;
			}
		});
	}

	/** The latest result, or undefined while the first read runs (or after it failed). */
	get current(): T | undefined {
		this.#subscribe();
		return this.#value;
	}

	/** Why the last read failed; undefined while reads succeed. */
	get error(): unknown {
		this.#subscribe();
		return this.#error;
	}

	/** Reads again after a failure. */
	retry(): void {
		this.#error = undefined;
		if (this.#stop) this.#start();
	}
}
