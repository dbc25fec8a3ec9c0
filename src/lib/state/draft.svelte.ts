import { keepDraftFiles, takeDraftFiles } from '$lib/db/draft-files';

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

/** The drafts of the forms on screen (not reactive: read once, before a reload). */
// eslint-disable-next-line svelte/prefer-svelte-reactivity, @typescript-eslint/no-explicit-any -- see above; drafts of every form shape
const open = new Set<Draft<any>>();

/** Before a reload into a new version: keeps the files chosen in every form on screen. */
export async function keepChosenFiles(): Promise<void> {
	for (const draft of open) await draft.keepFiles();
}

/**
 * Form input that survives a reload (an app update, a crash, a closed tab in the same session):
 * kept in sessionStorage under `key` until `clear()`. Create it during component set-up.
 */
export class Draft<T extends Record<string, unknown>> {
	value: T;
	/** Files chosen but not saved yet; kept across a reload into a new version. */
	files = $state<File[]>([]);
	#key: string;
	#name: string;
	#initial: T;
	#restored = $state(false);

	constructor(key: string, initial: T) {
		this.#name = key;
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
		// Kept only once it differs from where the form started: an untouched form is no draft.
		const untouched = JSON.stringify(initial);
		$effect(() => {
			const json = JSON.stringify(this.value);
			if (json === untouched) sessionStorage.removeItem(this.#key);
			else sessionStorage.setItem(this.#key, json);
		});
		$effect(() => {
			open.add(this);
			return () => open.delete(this);
		});
		void takeDraftFiles(key).then((kept) => {
			if (kept.length === 0) return;
			this.files = [...this.files, ...kept];
			this.#restored = true;
		});
	}

	/** Keeps the chosen files (before a reload). */
	async keepFiles(): Promise<void> {
		if (this.files.length > 0) await keepDraftFiles(this.#name, $state.snapshot(this.files));
	}

	/** True when the form was filled from a saved draft. */
	get restored(): boolean {
		return this.#restored;
	}

	/** Forgets the draft (after saving or cancelling). */
	clear(): void {
		sessionStorage.removeItem(this.#key);
		this.#restored = false;
	}

	/** Throws the restored input away and starts again from the initial value. */
	discard(): void {
		this.files = [];
		this.value = structuredClone($state.snapshot(this.#initial)) as T;
		this.#restored = false;
	}
}
