/** A typed event emitter: `on` returns the function that removes the listener. */
export class Emitter<Events extends Record<string, unknown>> {
	#listeners = new Map<keyof Events, Set<(value: never) => void>>();

	/** Listens to `event` until the returned function is called. */
	on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): () => void {
		let set = this.#listeners.get(event);
		if (!set) this.#listeners.set(event, (set = new Set()));
		set.add(listener as (value: never) => void);
		return () => void set.delete(listener as (value: never) => void);
	}

	/** Calls every listener of `event`; one that throws does not stop the others. */
	emit<K extends keyof Events>(event: K, value: Events[K]): void {
		for (const listener of [...(this.#listeners.get(event) ?? [])]) {
			try {
				(listener as (value: Events[K]) => void)(value);
			} catch (error) {
				queueMicrotask(() => {
					throw error;
				});
			}
		}
	}

	/** Removes every listener. */
	clear(): void {
		this.#listeners.clear();
	}
}
