import type { ClientInit } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { toIsoDate } from '$lib/domain/dates';
import { repairedFragment } from '$lib/domain/share/fragment';
import { afterPaint } from '$lib/state/foreground';
import { prefetchLinkCode } from '$lib/state/link-prefetch';
import { formatDate, locale } from '$lib/state/locale.svelte';

/**
 * SvelteKit's router decodes the fragment with decodeURIComponent when it starts, which throws
 * on a malformed escape ("#k=%E0%A4%A", a link cut off or edited): repair the fragment first,
 * so the page can say the link is not valid instead of failing with an uncaught error.
 */
export const init: ClientInit = async () => {
	// The message catalog loads while SvelteKit loads the first page's code, not after it.
	const messages = locale.init();
	// A shared view shows dates: its first date format is made before it renders, in a task of its
	// own (the platform loads its locale data for it: about 25 ms, 100 on a phone), not inside the
	// first render's task.
	if (location.pathname === resolve('/open'))
		// (A failure to load the messages shows where they are used.)
		messages.then(
			() => setTimeout(() => formatDate(toIsoDate())),
			() => {}
		);
	const repaired = repairedFragment(location.hash);
	if (repaired !== null) history.replaceState(history.state, '', repaired);
	prefetchLinkCode(location, resolve('/open'));
	// The first screen of the built HTML gets painted before the app starts rendering its own,
	// in a task of its own (a phone's main thread is not blocked by one long task). A tab that
	// paints no frames (opened in the background, or a browser under load) starts after 200 ms
	// all the same: waiting for a frame alone once left such a tab blank.
	await afterPaint();
};
