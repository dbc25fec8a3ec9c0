import { reportFailure } from './action';

/**
 * The safety net under every action: a failed promise nobody handled still reaches the learner as
 * an error toast saying what went wrong. Returns the function that stops listening.
 */
export function watchUnhandledFailures(target: Window = window): () => void {
	const onRejection = (event: PromiseRejectionEvent) => {
		// Told here; the browser's own "uncaught" report would only repeat it in the console.
		event.preventDefault();
		reportFailure(event.reason);
	};
	target.addEventListener('unhandledrejection', onRejection);
	return () => target.removeEventListener('unhandledrejection', onRejection);
}
