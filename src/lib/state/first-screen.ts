/**
 * The first screen that the built HTML paints before JavaScript runs (scripts/first-screen.js,
 * src/app.html): the app removes it once its own screen is there, and tells it whether the start
 * page has something to show (then it paints no welcome on the next start).
 */
const HOME_KEY = 'koers.home';

/** Removes the first screen of the built HTML (once the app's own screen is in place). */
export function removeFirstScreen(): void {
	document.getElementById('first-screen')?.remove();
}

/** Remembers whether the start page shows the learner's things or the welcome. */
export function rememberStartPage(hasData: boolean): void {
	try {
		if (hasData) localStorage.setItem(HOME_KEY, 'data');
		else localStorage.removeItem(HOME_KEY);
	} catch {
		// Storage may be unavailable (private mode): the first screen then shows the welcome.
	}
}

/** True when the start page most likely welcomes a new learner (as the first screen showed). */
export function expectsWelcome(): boolean {
	try {
		return localStorage.getItem(HOME_KEY) !== 'data';
	} catch {
		return true;
	}
}
