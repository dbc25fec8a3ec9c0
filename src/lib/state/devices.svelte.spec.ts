import * as v from 'valibot';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deviceSettings, noteDevice, saveDeviceGroup, updateDeviceGroup } from '$lib/db/devices';
import { db } from '$lib/db/koers-db';
import { emptyGoalForm, GoalFormSchema } from '$lib/domain/goal';
import { formatPairLink } from '$lib/domain/devices/pair-link';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import {
	DevicesView,
	openPairLink,
	pairDevice,
	renameDevice,
	setKeepAllFiles
} from './devices.svelte';
import { createGoal } from './goals.svelte';
import { toasts } from './toasts.svelte';

beforeAll(stateTestSetup);
beforeEach(async () => {
	await saveDeviceGroup(null);
	await db.meta.delete('deviceName');
});

const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB';

describe('devices', () => {
	it('"Add a device" makes the group once and shows a link that pairs', async () => {
		const view = new DevicesView();
		await view.addDevice('https://koers.example');
		const link = view.link!;
		expect(link).toMatch(/^https:\/\/koers\.example\/settings\/devices#pair=/);
		const { group, name } = await deviceSettings();
		expect(group).toMatchObject({ epoch: 0, devices: [], removed: [] });
		expect(name).toBe('Computer');
		// The second time, the same group.
		expect((await pairDevice()).secret).toBe(group!.secret);
	});

	it('opening a pair link joins its group; a changed or cut link is refused and changes nothing', async () => {
		const secret = 'Q'.repeat(43);
		const link = formatPairLink('https://k', { secret, epoch: 2 });
		const changed = link.replace('pair=Q', 'pair=R');
		expect(await openPairLink(changed)).toBe('devices.error.changedLink');
		expect(await openPairLink(link.slice(0, 40))).toBe('devices.error.invalidLink');
		expect((await deviceSettings()).group).toBeNull();
		// Positive control: the link as made joins.
		expect(await openPairLink(link)).toBe(true);
		expect((await deviceSettings()).group).toMatchObject({ secret, epoch: 2 });
	});

	it('lists the other devices with what they still lack', async () => {
		await pairDevice();
		await updateDeviceGroup((group) => ({
			...group,
			devices: [{ id: OTHER, name: 'Laptop', addedAt: 'x', lastSyncedAt: null, vector: {} }]
		}));
		const view = new DevicesView();
		const before = await until(
			() => view.current,
			(o) => o?.devices.length === 1
		);
		const pending = before!.devices[0]!.pending;
		await createGoal(v.parse(GoalFormSchema, { ...emptyGoalForm(), title: 'Pending here' }));
		const after = await until(
			() => view.current,
			(o) => (o?.devices[0]?.pending ?? 0) > pending
		);
		expect(after!.devices[0]).toMatchObject({ name: 'Laptop', online: false, lastSyncedAt: null });
		// Once the laptop holds everything, nothing is pending.
		const { localVector } = await import('$lib/db/device-sync');
		await noteDevice(OTHER, { vector: await localVector() });
		await until(
			() => view.current,
			(o) => o?.devices[0]?.pending === 0
		);
	});

	it('names this device, refusing an empty or too long name', async () => {
		expect(await renameDevice('   ')).toBe(false);
		expect(toasts.list.at(-1)?.text).toBe('Give this device a name.');
		expect(await renameDevice('x'.repeat(41))).toBe(false);
		expect(await renameDevice('  Werk  laptop ')).toBe(true);
		expect((await deviceSettings()).name).toBe('Werk laptop');
	});

	it('keeps all files when asked', async () => {
		expect((await deviceSettings()).keepAllFiles).toBe(false);
		expect(await setKeepAllFiles(true)).toBe(true);
		expect((await deviceSettings()).keepAllFiles).toBe(true);
	});
});
