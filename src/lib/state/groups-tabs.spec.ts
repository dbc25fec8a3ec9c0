import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { groupPresence, removeInHolder } from './groups-tabs';

/** Another tab of this browser, on the same channel. */
const other = new BroadcastChannel('koers-groups');
const heard = (predicate: (data: Record<string, unknown>) => boolean) =>
	new Promise<Record<string, unknown>>((resolve) => {
		const listener = (event: MessageEvent) => {
			if (!predicate(event.data)) return;
			other.removeEventListener('message', listener);
			resolve(event.data);
		};
		other.addEventListener('message', listener);
	});

afterEach(() => vi.useRealTimers());
afterAll(() => other.close());

it('a removal asked for here is carried out by the tab that holds the room', async () => {
	const asked = heard((m) => m.t === 'remove');
	const done = removeInHolder('group-1', 'bram');
	const message = await asked;
	expect(message).toMatchObject({ group: 'group-1', member: 'bram' });
	other.postMessage({ t: 'removing', id: message.id });
	other.postMessage({ t: 'removed', id: message.id });
	expect(await done).toBe(true);
});

it('a failure there is the failure here; a malformed answer is ignored', async () => {
	const asked = heard((m) => m.t === 'remove');
	const done = removeInHolder('group-1', 'bram');
	const { id } = await asked;
	other.postMessage({ t: 'removing', id });
	other.postMessage({ t: 'removed', id, error: 1 });
	other.postMessage({ t: 'removed', id, error: 'Only the creator removes' });
	await expect(done).rejects.toThrow('Only the creator removes');
});

it('without a holder answering, the caller acts itself', async () => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
	const done = removeInHolder('group-2', 'cas');
	await vi.advanceTimersByTimeAsync(5_000);
	expect(await done).toBe(false);
});

it('shows presence only from a well-formed message', async () => {
	const seen: unknown[] = [];
	const stop = groupPresence('group-3', (value) => seen.push(value));
	other.postMessage({ t: 'presence', group: 'group-3', presence: { online: [], refused: -1 } });
	other.postMessage({
		t: 'presence',
		group: 'group-3',
		presence: { online: ['anna'], refused: 2 }
	});
	await vi.waitFor(() => expect(seen).toHaveLength(1));
	expect(seen).toEqual([{ online: ['anna'], refused: 2 }]);
	stop();
});
