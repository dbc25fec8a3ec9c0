import { createSubscriber } from 'svelte/reactivity';
import { readFile } from '$lib/db/files';

/**
 * A stored file as an address the page can show and download: read while something on screen
 * uses `url`, and its object URL revoked once nothing does.
 */
export class StoredFile {
	#url = $state<string>();
	#failed = $state(false);
	#subscribe: () => void;

	constructor(sha256: string) {
		this.#subscribe = createSubscriber(() => {
			let stale = false;
			let objectUrl: string | undefined;
			readFile(sha256).then(
				(blob) => {
					if (stale) return;
					objectUrl = URL.createObjectURL(blob);
					this.#url = objectUrl;
				},
				() => {
					if (!stale) this.#failed = true;
				}
			);
			return () => {
				stale = true;
				if (objectUrl) URL.revokeObjectURL(objectUrl);
			};
		});
	}

	/** The object URL of the bytes; undefined while reading (or when they are missing). */
	get url(): string | undefined {
		this.#subscribe();
		return this.#url;
	}

	/** True when the bytes could not be read (missing or damaged). */
	get failed(): boolean {
		this.#subscribe();
		return this.#failed;
	}
}
