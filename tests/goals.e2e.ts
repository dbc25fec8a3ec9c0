import { expect, test } from '@playwright/test';
import { createGoal, open } from './helpers';

test('the goal list filters by element, status and tag, and sorts by date', async ({ page }) => {
	await createGoal(page, {
		title: 'Chair a meeting',
		status: 'active',
		targetDate: '2027-05-01',
		source: 'Job requirement',
		tags: 'leadership'
	});
	await createGoal(page, {
		title: 'Learn Python',
		status: 'planned',
		targetDate: '2027-02-01',
		source: 'Own ambition',
		formats: ['Vlog']
	});
	await createGoal(page, { title: 'Read about ethics', status: 'active' });

	await page.getByRole('link', { name: 'Goals' }).click();
	const titles = page.getByRole('listitem').getByRole('heading', { level: 3 });
	await expect(titles).toHaveText(['Learn Python', 'Chair a meeting', 'Read about ethics']);
	await expect(page.getByText('3 goals')).toBeVisible();

	await page.getByLabel('Sort by').selectOption({ label: 'Target date, latest first' });
	await expect(titles).toHaveText(['Chair a meeting', 'Learn Python', 'Read about ethics']);

	await page.getByText('Filter', { exact: true }).click();
	await page.getByLabel('What: source').selectOption({ label: 'Own ambition' });
	await expect(titles).toHaveText(['Learn Python']);
	await expect(page).toHaveURL(/source=ambition/);
	await page.getByRole('button', { name: 'Clear filters' }).click();

	await page.getByLabel('Status').selectOption({ label: 'Active' });
	await expect(titles).toHaveText(['Chair a meeting', 'Read about ethics']);
	await page.getByLabel('Tag', { exact: true }).selectOption('leadership');
	await expect(titles).toHaveText(['Chair a meeting']);

	// The filters live in the address, so a reload (or a bookmark) keeps them.
	await page.reload();
	await expect(titles).toHaveText(['Chair a meeting']);
	await page.getByRole('button', { name: 'Clear filters' }).click();
	await page.getByLabel('Evidence formats').selectOption({ label: 'Vlog' });
	await expect(titles).toHaveText(['Learn Python']);
});

test('a goal is edited, archived with undo, restored and deleted after confirming', async ({
	page
}) => {
	await createGoal(page, { title: 'Write a blog series', status: 'active' });
	await page.getByRole('link', { name: 'Edit' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Write a blog series on care');
	await page.getByLabel('With whom').selectOption({ label: 'In a group' });
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Write a blog series on care');
	await expect(page.getByRole('complementary').getByText('In a group')).toBeVisible();

	await page.getByRole('button', { name: 'Archive' }).click();
	await expect(page.getByText('Archived', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(page.getByRole('button', { name: 'Archive' })).toBeVisible();

	await page.getByRole('button', { name: 'Archive' }).click();
	// Wait until the archive is stored before leaving the page.
	await expect(page.getByRole('button', { name: 'Restore' })).toBeVisible();
	await open(page, '/goals');
	await expect(page.getByText('0 goals')).toBeVisible();
	await page.getByLabel('Show archived goals').check();
	await page.getByRole('link', { name: 'Write a blog series on care' }).click();
	await page.getByRole('button', { name: 'Restore' }).click();
	await expect(page.getByRole('button', { name: 'Archive' })).toBeVisible();

	await page.getByRole('button', { name: 'Delete' }).click();
	const dialog = page.getByRole('dialog', { name: 'Delete this goal?' });
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Write a blog series on care');
	await page.getByRole('button', { name: 'Delete' }).click();
	await dialog.getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Goals');
	await expect(page.getByRole('heading', { name: 'No goals yet' })).toBeVisible();
});

test('evidence is edited, a file removed, and deleted with its files', async ({ page }) => {
	await createGoal(page, { title: 'Present at the congress' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill('Congress slides');
	await page.getByLabel('Add files').setInputFiles([
		{ name: 'slides.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 fake') },
		{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('my notes') }
	]);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByText('slides.pdf')).toBeVisible();
	await expect(page.getByText('notes.txt')).toBeVisible();

	await page.getByRole('link', { name: 'Edit' }).click();
	await page.getByRole('listitem').filter({ hasText: 'notes.txt' }).getByLabel('Remove').check();
	await page.getByRole('button', { name: 'Save changes' }).click();
	// The evidence page again (the form lists both files too), with one file left.
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Congress slides');
	await expect(page.getByText('slides.pdf')).toBeVisible();
	await expect(page.getByText('notes.txt')).toHaveCount(0);

	await page.getByRole('button', { name: 'Delete' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
	await expect(page.getByRole('heading', { name: 'No evidence yet' })).toBeVisible();
	const stored = await page.evaluate(async () => {
		const db = await new Promise<IDBDatabase>((resolve) => {
			const request = indexedDB.open('koers');
			request.onsuccess = () => resolve(request.result);
		});
		const count = (name: string) =>
			new Promise<number>((resolve) => {
				const request = db.transaction(name).objectStore(name).count();
				request.onsuccess = () => resolve(request.result);
			});
		return { files: await count('files'), chunks: await count('chunks') };
	});
	expect(stored).toEqual({ files: 0, chunks: 0 });
});

test('storage: persistence is asked after the first save and space is shown', async ({ page }) => {
	await createGoal(page, { title: 'Anything' });
	await page.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByTestId('storage-used')).toHaveText(/\d/);
	await expect(page.getByText(/Protected from clean-up/)).toBeVisible();
	// Asked once the first save is known (on a first visit the code that asks loads after it).
	await expect
		.poll(() =>
			page.evaluate(
				() =>
					new Promise((resolve) => {
						const request = indexedDB.open('koers');
						request.onsuccess = () => {
							const get = request.result
								.transaction('meta')
								.objectStore('meta')
								.get('persistenceAsked');
							get.onsuccess = () => resolve((get.result as { value: unknown } | undefined)?.value);
						};
					})
			)
		)
		.toBe(true);
});
