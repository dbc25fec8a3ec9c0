import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStatus } from '$lib/sync/devices/session';
import { TabRelay, type TabAction } from './device-tabs';

const RUNNING: SessionStatus = {
	state: 'running',
	online: [{ device: 'phone', name: 'Phone' }],
	incoming: [],
	badMessages: 0,
	refusedOps: 0,
	appliedOps: 3,
	file: null
};

const open: TabRelay[] = [];
afterEach(() => open.splice(0).forEach((relay) => relay.close()));

function tab(leading: boolean, run: (action: TabAction) => Promise<void> = async () => {}) {
	const heard: SessionStatus[] = [];
	const ran: TabAction[] = [];
	const relay = new TabRelay({
		leading: () => leading,
		status: () => RUNNING,
		onStatus: (status) => heard.push(status),
		run: async (action) => {
			ran.push(action);
			await run(action);
		}
	});
	open.push(relay);
	return { relay, heard, ran };
}

const until = async (check: () => boolean) => {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('tabs of one browser share one device sync', () => {
	it('a tab that opens hears the status of the tab that syncs', async () => {
		tab(true);
		const follower = tab(false);
		await until(() => follower.heard.length > 0);
		expect(follower.heard[0]).toEqual(RUNNING);
	});

	it('an action asked in a following tab runs in the tab that syncs, and only there', async () => {
		const leader = tab(true);
		const follower = tab(false);
		await follower.relay.perform({ name: 'rename', value: 'Work laptop' }, true);
		expect(leader.ran).toEqual([{ name: 'rename', value: 'Work laptop' }]);
		expect(follower.ran).toEqual([]);
	});

	it('a failure in the tab that syncs reaches the tab that asked', async () => {
		tab(true, async () => {
			throw new Error('no room');
		});
		const follower = tab(false);
		await expect(follower.relay.perform({ name: 'remove', device: 'x' }, true)).rejects.toThrow(
			'no room'
		);
	});

	it('without another tab that syncs, the action runs here', async () => {
		const alone = tab(false);
		await alone.relay.perform({ name: 'pause' }, false);
		expect(alone.ran).toEqual([{ name: 'pause' }]);
	});

	it('messages that do not fit are ignored; a following tab never acts', async () => {
		const follower = tab(false);
		const channel = new BroadcastChannel('koers-device-sync');
		channel.postMessage({ kind: 'status', status: { state: 'hacked' } });
		channel.postMessage({ kind: 'act', id: '1', action: { name: 'pause' } });
		channel.postMessage('not an object');
		// Positive control: a valid status sent after them arrives, so the others were seen first.
		channel.postMessage({ kind: 'status', status: RUNNING });
		await until(() => follower.heard.length > 0);
		channel.close();
		expect(follower.heard).toEqual([RUNNING]);
		expect(follower.ran).toEqual([]);
	});
});
