import type { Handle } from '@sveltejs/kit';

const MODULEPRELOAD = /<link href="[^"]+" rel="modulepreload">\s*/g;
const BOOT = '<template id="app-boot">';

/**
 * Runs once, at build time, for the static app's HTML (the SPA fallback page). The app's scripts
 * start after the first screen of the built HTML is painted (src/app.html); their preload links
 * move with them into the boot template, so they are fetched (all at once) only then, and a
 * phone's first paint never waits for them.
 */
export const handle: Handle = ({ event, resolve }) =>
	resolve(event, {
		transformPageChunk: ({ html }) => {
			if (!html.includes(BOOT)) return html;
			const links = html.match(MODULEPRELOAD) ?? [];
			return html.replace(MODULEPRELOAD, '').replace(BOOT, BOOT + links.join(''));
		}
	});
