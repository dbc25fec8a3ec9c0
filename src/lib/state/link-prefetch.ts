/** A live share link's fragment (the rest is checked when the link opens). */
const LIVE = /(?:^#|&)k=live(?:&|$)/;

/**
 * On a first load of a live share link, fetches the peer layer's code while the app starts, so
 * connecting to the learner does not wait for the page's code first (and then for its own).
 */
export function prefetchLinkCode(at: { pathname: string; hash: string }, openPath: string): void {
	if (at.pathname !== openPath || !LIVE.test(at.hash)) return;
	// Only fetched and run here: a failure shows where the link opens.
	void import('$lib/sync/live').catch(() => {});
	void import('$lib/sync/share-doc').catch(() => {});
}
