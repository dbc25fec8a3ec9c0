/**
 * Resolves once the first screen is up and the main thread is idle: after the page's load event,
 * at the next idle moment (at most `timeout` ms later). For work the first screen does not need.
 */
export async function afterFirstScreen(timeout = 2000): Promise<void> {
	if (document.readyState !== 'complete')
		await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
	await new Promise<void>((resolve) => {
		if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout });
		else setTimeout(resolve, 1);
	});
}

/** Resolves in a later task (after what is queued now, painting included). */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
