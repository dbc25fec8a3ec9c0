import { backgroundMayStart } from './foreground';
import { nextTask } from './idle';

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
		if (!stopped) void startParts(stops, () => stopped);
	});
	return () => {
		stopped = true;
		for (const stop of stops) stop();
	};
}

/**
 * Loads and starts each part, one after the other with a turn of the event loop between them:
 * each part's first queries then run apart, so none of them holds the page up for long (on a
 * phone, a tap in the first seconds is answered at once). `stopped` tells whether the caller
 * stopped meanwhile.
 */
async function startParts(stops: (() => void)[], stopped: () => boolean): Promise<void> {
	const parts: (() => Promise<unknown>)[] = [
		async () => {
			const { shareHub } = await import('./share-hub.svelte');
			if (!stopped()) await shareHub.start();
		},
		async () => {
			const { deviceHub } = await import('./devices.svelte');
			if (stopped()) return;
			deviceHub.start();
			stops.push(() => deviceHub.stop());
		},
		async () => {
			const { startGroupsBackground } = await import('./groups-background');
			if (!stopped()) stops.push(startGroupsBackground());
		},
		async () => {
			const { watchNudges } = await import('./nudges.svelte');
			if (!stopped()) stops.push(watchNudges());
		}
	];
	for (const part of parts) {
		if (stopped()) return;
		await part().catch((error: unknown) => console.error(error));
		await nextTask();
	}
}
