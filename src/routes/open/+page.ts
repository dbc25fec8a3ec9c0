import { resolve } from '$app/paths';
import { OpenShare } from '$lib/state/open-share.svelte';

/**
 * On a first load (a link opened from outside), the link starts opening while the app around
 * the page still loads: a live share connects meanwhile. On a navigation inside the app the
 * address is not the link's yet, so the page opens it once shown.
 */
export function load(): { share: OpenShare | undefined } {
	if (typeof location === 'undefined' || location.pathname !== resolve('/open'))
		return { share: undefined };
	const share = new OpenShare();
	void share.open(location);
	return { share };
}
