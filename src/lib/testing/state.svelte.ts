import { flushSync } from 'svelte';
import { activateLocale } from '$lib/i18n';

/** For state tests in node: English messages, and a sessionStorage like the browser's. */
export async function stateTestSetup(): Promise<void> {
	await activateLocale('en');
	if (!('sessionStorage' in globalThis)) {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a storage stand-in, not state
		const items = new Map<string, string>();
		globalThis.sessionStorage = {
			getItem: (key) => items.get(key) ?? null,
			setItem: (key, value) => void items.set(key, String(value)),
			removeItem: (key) => void items.delete(key),
			clear: () => items.clear(),
			key: (index) => [...items.keys()][index] ?? null,
			get length() {
				return items.size;
			}
		};
	}
}

/** Resolves with the first value of `read` that passes `done` (read reactively, like a page). */
export function until<T>(
	read: () => T,
	done: (value: T) => boolean = (v) => v !== undefined
): Promise<T> {
	return new Promise((resolve) => {
		let settled = false;
		const stop = $effect.root(() => {
			$effect(() => {
				const value = read();
				if (settled || !done(value)) return;
				settled = true;
				resolve(value);
				queueMicrotask(stop);
			});
		});
		flushSync();
	});
}
