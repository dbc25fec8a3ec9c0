import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { open } from './helpers';

/**
 * A learner's own devices in end-to-end tests: each device a browser context of its own, with a
 * tab on Settings → Devices and another where the learner works (as in devices.e2e.ts).
 */
export const PAIR_WAIT = { timeout: 45_000 };

export interface Device {
	name: string;
	context: BrowserContext;
	/** The tab on Settings → Devices. */
	sync: Page;
	/** The tab where the learner works. */
	work: Page;
}

/** A new device, named. */
export async function device(browser: Browser, name: string): Promise<Device> {
	const context = await browser.newContext();
	const sync = await context.newPage();
	await open(sync, '/settings/devices');
	await sync.getByLabel('Name of this device').fill(name);
	await sync.getByRole('button', { name: 'Save name' }).click();
	await expect(sync.getByText('Name saved')).toBeVisible();
	const work = await context.newPage();
	return { name, context, sync, work };
}

/** A device's row on the devices screen. */
export const row = (page: Page, name: string) =>
	page.getByTestId('device-row').filter({ has: page.getByText(name, { exact: true }) });

/** Pairs `joiner` by opening the link `inviter` shows; both list each other as connected. */
export async function pair(inviter: Device, joiner: Device): Promise<void> {
	const add = inviter.sync.getByTestId('device-add');
	if (await add.isVisible()) await add.click();
	const link = await inviter.sync
		.getByRole('textbox', { name: 'Link to pair a device' })
		.inputValue();
	expect(link).toMatch(/\/settings\/devices#pair=[A-Za-z0-9_-]{43}&e=\d+&c=/);
	// As from a scanned code: the link opens in a fresh page.
	await joiner.sync.goto('about:blank');
	await joiner.sync.goto(link);
	await expect(joiner.sync.getByText('This device is paired.')).toBeVisible();
	// The secret does not stay in the address bar.
	expect(joiner.sync.url()).not.toContain('pair=');
	await expect(row(inviter.sync, joiner.name)).toContainText('Connected now', PAIR_WAIT);
	await expect(row(joiner.sync, inviter.name)).toContainText('Connected now', PAIR_WAIT);
}
