import type { ClientInit } from '@sveltejs/kit';
import { repairedFragment } from '$lib/domain/share/links';

/**
 * SvelteKit's router decodes the fragment with decodeURIComponent when it starts, which throws
 * on a malformed escape ("#k=%E0%A4%A", a link cut off or edited): repair the fragment first,
 * so the page can say the link is not valid instead of failing with an uncaught error.
 */
export const init: ClientInit = () => {
	const repaired = repairedFragment(location.hash);
	if (repaired !== null) history.replaceState(history.state, '', repaired);
};
