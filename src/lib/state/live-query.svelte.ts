import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

/**
 * Makes a Dexie query reactive: `current` is undefined while loading, then the latest result,
 * re-read whenever the tables it touched change (in this tab or another).
 */
export class LiveQuery<T> {
	#value: T | undefined;
	#error = $state<unknown>(undefined);
	#subscribe: () => void;

	constructor(query: () => Promise<T>) {
		this.#subscribe = createSubscriber((update) => {
			const subscription = liveQuery(query).subscribe({
				next: (value) => {
					this.#value = value;
					update();
				},
				error: (error: unknown) => {
					this.#error = error;
				}
			});
			return () => subscription.unsubscribe();
		});
	}

	/** The latest result, or undefined while the first read runs. */
	get current(): T | undefined {
		this.#subscribe();
		return this.#value;
	}

	/** The error of the last read, if it failed. */
	get error(): unknown {
		return this.#error;
	}
}
