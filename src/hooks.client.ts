import type { ClientInit } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { repairedFragment } from '$lib/domain/share/fragment';
import { afterPaint } from '$lib/state/foreground';
import { prefetchLinkCode } from '$lib/state/link-prefetch';
import { locale } from '$lib/state/locale.svelte';

/**
 * SvelteKit's router decodes the fragment with decodeURIComponent when it starts, which throws
 * on a malformed escape ("#k=%E0%A4%A", a link cut off or edited): repair the fragment first,
 * so the page can say the link is not valid instead of failing with an uncaught error.
 */
export const init: ClientInit = async () => {
	// The message catalog loads while SvelteKit loads the first page's code, not after it.
	void locale.init();
	const repaired = repairedFragment(location.hash);
	if (repaired !== null) history.replaceState(history.state, '', repaired);
	prefetchLinkCode(location, resolve('/open'));
	// The first screen of the built HTML gets painted before the app starts rendering its own,
	// in a task of its own (a phone's main thread is not blocked by one long task). A tab that
	// paints no frames (opened in the background, or a browser under load) starts after 200 ms
	// all the same: waiting for a frame alone once left such a tab blank.
	await afterPaint();
};
