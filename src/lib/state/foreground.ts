/**
 * The page in front comes first: while a share link opens (a coach's first view), the work of
 * state/background and the service worker's start wait, so on a phone they do not compete with
 * that view for the CPU and the network. A hold lasts until its view showed, at most HOLD_MS.
 */
const HOLD_MS = 5_000;
let holds = 0;
const waiting: (() => void)[] = [];

/** A hold on background work: call it to release it; `released` settles then. */
export interface Hold {
	(): void;
	/** Settles once this hold is released (by its page, or after HOLD_MS). */
	readonly released: Promise<void>;
}

/** Holds background work back until the returned hold is called (or HOLD_MS passed). */
export function holdBackground(): Hold {
	holds++;
	let released = false;
	let settle!: () => void;
	const release = () => {
		if (released) return;
		released = true;
		clearTimeout(timer);
		settle();
		if (--holds === 0) for (const resolve of waiting.splice(0)) resolve();
	};
	const timer = setTimeout(release, HOLD_MS);
	return Object.assign(release, { released: new Promise<void>((resolve) => (settle = resolve)) });
}

/** Resolves once nothing holds background work back. */
export function backgroundMayStart(): Promise<void> {
	return holds === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve));
}

/**
 * Resolves once what was just rendered is painted: after the next frame (or after 200 ms in a
 * tab that paints no frames, hidden or under load).
 */
export function afterPaint(): Promise<void> {
	return new Promise((resolve) => {
		// Without frames at all (node, in tests) there is nothing to wait for.
		if (typeof requestAnimationFrame !== 'function') return void setTimeout(resolve, 0);
		requestAnimationFrame(() => setTimeout(resolve, 0));
		setTimeout(resolve, 200);
	});
}
