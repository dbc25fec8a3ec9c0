/** True when `value` has the keys of `model`, each of the same kind (for restored drafts). */
function sameShape(model: Record<string, unknown>, value: unknown): boolean {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const record = value as Record<string, unknown>;
	return Object.keys(model).every(
		(key) =>
			key in record &&
			Array.isArray(model[key]) === Array.isArray(record[key]) &&
			typeof model[key] === typeof record[key]
	);
}

/**
 * Form input that survives a reload (an app update, a crash, a closed tab in the same session):
 * kept in sessionStorage under `key` until `clear()`. Create it during component set-up.
 */
export class Draft<T extends Record<string, unknown>> {
	value: T;
	#key: string;
	#initial: T;
	#restored = $state(false);

	constructor(key: string, initial: T) {
		this.#key = `koers.draft.${key}`;
		this.#initial = initial;
		let start = initial;
		try {
			const saved: unknown = JSON.parse(sessionStorage.getItem(this.#key) ?? 'null');
			if (sameShape(initial, saved)) {
				start = saved as T;
				this.#restored = true;
			}
		} catch {
			sessionStorage.removeItem(this.#key);
		}
		this.value = $state(start);
		$effect(() => {
			sessionStorage.setItem(this.#key, JSON.stringify(this.value));
		});
	}

	/** True when the form was filled from a saved draft. */
	get restored(): boolean {
		return this.#restored;
	}

	/** Forgets the draft (after saving or cancelling). */
	clear(): void {
		sessionStorage.removeItem(this.#key);
	}

	/** Throws the restored input away and starts again from the initial value. */
	discard(): void {
		this.value = structuredClone($state.snapshot(this.#initial)) as T;
		this.#restored = false;
	}
}
