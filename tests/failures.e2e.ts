import { expect, test, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';

/** Deletes the learner's database under the open page, as "Delete everything" in another tab does:
 * the page closes its connection, and every write after that fails. */
async function deleteDatabaseElsewhere(page: Page): Promise<void> {
	await page.evaluate(
		() =>
			new Promise<void>((resolve, reject) => {
				const request = indexedDB.deleteDatabase('koers');
				request.onsuccess = () => resolve();
				request.onerror = () => reject(request.error);
			})
	);
}

const FAILED = /That did not work, and nothing was changed\..*Database has been closed/;

test('a profile save that fails says why in place and keeps what the learner chose', async ({
	page
}) => {
	await open(page, '/settings');
	const profile = page.getByRole('region', { name: 'Learning profile' });
	await profile.getByLabel('Photo').check();
	await profile.getByLabel('Pace').selectOption('steady');
	await deleteDatabaseElsewhere(page);
	await profile.getByRole('button', { name: 'Save profile' }).click();

	await expect(profile.getByRole('alert')).toContainText(FAILED);
	await expect(profile.getByLabel('Photo')).toBeChecked();
	await expect(profile.getByLabel('Pace')).toHaveValue('steady');

	// The reload the page asks for brings the input back, and then it saves.
	await open(page, '/settings');
	await expect(profile.getByText('Your unsaved input was restored.')).toBeVisible();
	await expect(profile.getByLabel('Photo')).toBeChecked();
	await expect(profile.getByLabel('Pace')).toHaveValue('steady');
	await profile.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
});

test('a button whose write fails shows an error toast and changes nothing', async ({ page }) => {
	await createGoal(page, { title: 'Keep this goal' });
	await deleteDatabaseElsewhere(page);
	await page.getByRole('button', { name: 'Archive' }).click();
	await expect(page.getByRole('status').filter({ hasText: FAILED })).toBeVisible();
	await expect(page.getByText('Archived', { exact: true })).toHaveCount(0);
});

test('a failure nobody handled still reaches the learner', async ({ page }) => {
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await open(page, '/goals/new');
	await page.getByLabel('Title', { exact: true }).fill('Half typed');
	await page.evaluate(() => {
		void Promise.reject(new Error('The connection to the database was lost.'));
	});
	await expect(page.getByRole('status')).toContainText(
		'That did not work, and nothing was changed. The connection to the database was lost.'
	);
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Half typed');
	expect(errors).toEqual([]);
});

// Dexie reports a full disk as an AbortError whose `inner` is the QuotaExceededError.
test('a write refused for lack of room says the device is full', async ({ page }) => {
	await open(page, '/settings');
	const profile = page.getByRole('region', { name: 'Learning profile' });
	await profile.getByLabel('Vlog').check();
	const cdp = await page.context().newCDPSession(page);
	const origin = new URL(page.url()).origin;
	await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
	await profile.getByRole('button', { name: 'Save profile' }).click();
	await expect(profile.getByRole('alert')).toContainText(
		'This device has no room left. Nothing was saved'
	);
	await expect(profile.getByLabel('Vlog')).toBeChecked();
});
