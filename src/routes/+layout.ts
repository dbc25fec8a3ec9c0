import { locale } from '$lib/state/locale.svelte';
import type { LayoutLoad } from './$types';

// A static single-page app: everything renders in the browser from local data.
export const ssr = false;
export const prerender = false;

/**
 * The start page's first screen needs only the start part of the messages (and loads the rest
 * with the learner's things); an opened share link the start and open parts (the rest loads once
 * the database is in use, +layout.svelte); every other page gets all of them before it renders.
 * The built HTML asks for the same parts early (FIRST_VIEWS in scripts/vite-plugin-first-screen.js).
 */
export const load: LayoutLoad = async ({ route }) => {
	if (route.id === '/open') await locale.load(['open']);
	else if (route.id !== '/') await locale.loadAll();
};
