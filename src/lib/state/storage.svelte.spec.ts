import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createGoal } from '$lib/db/goals';
import { getMeta } from '$lib/db/meta';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup } from '$lib/testing/state.svelte';
import { storage } from './storage.svelte';

beforeAll(stateTestSetup);
afterEach(() => void vi.unstubAllGlobals());

/** The browser's storage manager as far as Koers uses it, with every `persist()` counted. */
function browserStorage() {
	const persist = vi.fn(async () => true);
	vi.stubGlobal('navigator', {
		storage: { persist, persisted: async () => false, estimate: async () => ({}) }
	});
	// The tab's close guard (Node has no window events).
	vi.stubGlobal('addEventListener', () => {});
	vi.stubGlobal('removeEventListener', () => {});
	return persist;
}

it('asks for persistence after a first save made before it started (a first visit)', async () => {
	const persist = browserStorage();
	// The first save opens the database; the storage watch loads only after that.
	const { id: _id, createdAt: _c, updatedAt: _u, archivedAt: _a, ...fields } = makeGoal();
	await createGoal(fields);
	const stop = storage.watch();
	await vi.waitFor(() => expect(persist).toHaveBeenCalledOnce());
	expect(await getMeta('persistenceAsked')).toBe(true);
	stop();
});
