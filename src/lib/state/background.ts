/**
 * What Koers runs in the background on every page once the first screen is up: publishing live
 * shares, and the learner's nudges. Each part is loaded on demand, so none of it weighs on the
 * first screen. Returns a function that stops what it started.
 */
export function startBackground(): () => void {
	let stopped = false;
	let stopNudges: (() => void) | undefined;
	void import('./share-hub.svelte').then((m) => {
		if (!stopped) void m.shareHub.start();
	});
	void import('./nudges.svelte').then((m) => {
		if (!stopped) stopNudges = m.watchNudges();
	});
	return () => {
		stopped = true;
		stopNudges?.();
	};
}
