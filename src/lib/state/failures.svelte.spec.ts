import { beforeAll, describe, expect, it, vi } from 'vitest';
import { stateTestSetup } from '$lib/testing/state.svelte';
import { watchUnhandledFailures } from './failures';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);

/** An unhandled rejection as the browser reports it. */
function rejection(reason: unknown): Event & { reason: unknown } {
	return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
}

describe('the safety net for failures nobody handled', () => {
	it('tells the learner what went wrong in an error toast, until it stops watching', () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const target = new EventTarget() as unknown as Window;
		const stop = watchUnhandledFailures(target);
		const event = rejection(new Error('The database connection is closing.'));
		target.dispatchEvent(event);
		expect(toasts.list.at(-1)).toMatchObject({
			tone: 'error',
			text: 'That did not work, and nothing was changed. The database connection is closing.'
		});
		expect(event.defaultPrevented).toBe(true);

		stop();
		const count = toasts.list.length;
		target.dispatchEvent(rejection(new Error('later')));
		expect(toasts.list.length).toBe(count);
	});
});
