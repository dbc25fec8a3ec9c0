import { backgroundMayStart } from './foreground';

/**
 * What Koers runs in the background on every page once the first screen is up: publishing live
 * shares, the sync with the learner's other devices (once paired) and the learner's nudges. Each
 * part is loaded on demand, so none of it weighs on the first screen. Returns a function that
 * stops what it started.
 */
export function startBackground(): () => void {
	let stopped = false;
	const stops: (() => void)[] = [];
	// A share link opening in front comes first (state/foreground).
	void backgroundMayStart().then(() => {
		if (!stopped) startParts(stops, () => stopped);
	});
	return () => {
		stopped = true;
		for (const stop of stops) stop();
	};
}

/** Loads and starts each part; `stopped` tells whether the caller stopped meanwhile. */
function startParts(stops: (() => void)[], stopped: () => boolean): void {
	void import('./share-hub.svelte').then((m) => {
		if (!stopped()) void m.shareHub.start();
	});
	void import('./devices.svelte').then((m) => {
		if (stopped()) return;
		m.deviceHub.start();
		stops.push(() => m.deviceHub.stop());
	});
	void import('./groups-background').then((m) => {
		if (!stopped()) stops.push(m.startGroupsBackground());
	});
	void import('./nudges.svelte').then((m) => {
		if (!stopped()) stops.push(m.watchNudges());
	});
}
