import { expect, test, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';

/** A one-page PDF, small enough to write out. */
const PDF = Buffer.from(
	'%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
		'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

/** Adds evidence with a PDF to the goal whose page is open, and waits for the evidence page. */
async function addPdfEvidence(page: Page, title: string, fileName: string): Promise<void> {
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page
		.getByLabel('Add files')
		.setInputFiles({ name: fileName, mimeType: 'application/pdf', buffer: PDF });
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

test('a tag over 40 characters is refused at the field, not dropped', async ({ page }) => {
	const long = 'communicatie met familie van de patiënt in de thuiszorg';
	await open(page, '/goals/new');
	await page.getByLabel('Title', { exact: true }).fill('Slecht-nieuwsgesprekken');
	await page.getByLabel('Tags').fill(`ict, ${long}`);
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('alert')).toContainText('Some fields need attention');
	const tags = page.getByLabel('Tags');
	await expect(tags).toBeFocused();
	await expect(tags).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('A tag can have at most 40 characters')).toBeVisible();
	await expect(tags).toHaveValue(`ict, ${long}`);

	// Shortened to 40 characters, it is saved and shown.
	await tags.fill('ict, communicatie met familie van patiënt');
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Slecht-nieuwsgesprekken');
	await expect(page.getByText('communicatie met familie van patiënt')).toBeVisible();
});

test('the goal description is Markdown on screen, as in print', async ({ page }) => {
	await open(page, '/goals/new');
	await page.getByLabel('Title', { exact: true }).fill('Richtlijn toepassen');
	await page
		.getByLabel('Description')
		.fill(
			'Lees **eerst** [de richtlijn](https://example.org/richtlijn)\n\n- stap een\n- stap twee'
		);
	await page.getByRole('button', { name: 'Create goal' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Richtlijn toepassen');
	await expect(page.getByRole('link', { name: 'de richtlijn' })).toHaveAttribute(
		'href',
		'https://example.org/richtlijn'
	);
	await expect(page.getByRole('listitem').filter({ hasText: 'stap twee' })).toBeVisible();
	await expect(page.getByText('Lees eerst de richtlijn')).toBeVisible();
	await expect(page.getByText('**eerst**')).toHaveCount(0);
});

test('a PDF is shown by its name, and printed as its name and size', async ({ page }) => {
	await createGoal(page, { title: 'Verslaglegging', status: 'active' });
	await addPdfEvidence(page, 'Stageverslag', 'stageverslag-week-12.pdf');

	// Chromium's viewer would name it by the blob URL's random id: its toolbar is off, the
	// caption names it and the download keeps the name.
	const frame = page.getByTitle('stageverslag-week-12.pdf');
	await expect(frame).toBeVisible();
	await expect(frame).toHaveAttribute('src', /^blob:.*#toolbar=0$/);
	const download = page.getByRole('link', { name: 'Download: stageverslag-week-12.pdf' });
	await expect(download).toHaveAttribute('download', 'stageverslag-week-12.pdf');

	await open(page, '/data/print');
	const printout = page.getByRole('region', { name: 'Print preview' });
	await expect(printout.getByRole('heading', { name: 'Stageverslag' })).toBeVisible();
	await expect(printout.getByRole('link', { name: /^Download/ })).toBeVisible();
	await expect(printout.getByTitle('stageverslag-week-12.pdf')).toBeVisible();

	await page.emulateMedia({ media: 'print' });
	await expect(printout.getByText('stageverslag-week-12.pdf')).toBeVisible();
	await expect(printout.getByText(`${PDF.length} bytes`)).toBeVisible();
	await expect(printout.getByTitle('stageverslag-week-12.pdf')).toBeHidden();
	await expect(printout.getByRole('link', { name: /^Download/ })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
});
