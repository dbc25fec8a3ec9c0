import { expect, test, type Page } from '@playwright/test';
import { unzipSync, strFromU8 } from 'fflate';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { countRecords, open } from './helpers';

const PDF = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

async function addVvRegister(page: Page) {
	await open(page, '/pe');
	await page.getByRole('link', { name: 'Add register' }).first().click();
	await page.getByRole('link', { name: /Kwaliteitsregister V&V/ }).click();
	await expect(page.getByText("Check your register's current rules")).toBeVisible();
	await page.getByLabel('Cycle starts on').fill('2026-01-01');
	await page.getByRole('button', { name: 'Add register' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kwaliteitsregister V&V');
}

async function logActivity(
	page: Page,
	activity: { title: string; date: string; points: string; category: string; certificate?: string }
) {
	await open(page, '/pe/activities/new');
	await page.getByLabel('Title', { exact: true }).fill(activity.title);
	await page.getByLabel('Date', { exact: true }).fill(activity.date);
	await page.getByLabel('Kwaliteitsregister V&V').check();
	await page.getByLabel('Category').selectOption({ label: activity.category });
	await page.getByLabel('Points').fill(activity.points);
	if (activity.certificate)
		await page.getByLabel('Add certificates').setInputFiles({
			name: activity.certificate,
			mimeType: 'application/pdf',
			buffer: PDF(activity.certificate)
		});
	await page.getByRole('button', { name: 'Save activity' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(activity.title);
}

test('a nurse logs activities with certificates and sees V&V progress and the forecast', async ({
	page
}) => {
	await addVvRegister(page);
	await logActivity(page, {
		title: 'Wound care',
		date: '2026-03-10',
		points: '12',
		category: 'Geaccrediteerd',
		certificate: 'wound-care.pdf'
	});
	await expect(page.getByText('wound-care.pdf')).toBeVisible();
	await logActivity(page, {
		title: 'Nursing congress',
		date: '2026-06-01',
		points: '8',
		category: 'Overig',
		certificate: 'congress.pdf'
	});

	await page.getByRole('link', { name: 'Kwaliteitsregister V&V' }).click();
	await expect(page.getByRole('meter', { name: 'Total' })).toHaveAttribute(
		'aria-valuetext',
		'20 points of 184 points'
	);
	await expect(page.getByRole('meter', { name: 'Geaccrediteerd: minimum' })).toHaveAttribute(
		'aria-valuetext',
		'12 points of 80 points'
	);
	const needed = page.getByRole('region', { name: 'Still needed' });
	await expect(needed).toContainText(/164 points in the next \d+ months/);
	await expect(needed).toContainText(/68 points \(Geaccrediteerd\) in the next \d+ months/);
	await expect(needed).toContainText('at your pace you will reach');

	// The overview shows the register card with its status.
	await page.getByRole('link', { name: 'PE points' }).click();
	await expect(
		page.getByRole('listitem').filter({ hasText: 'Kwaliteitsregister V&V' }).first()
	).toContainText(/Behind|On track/);
});

test('a CSV import with one bad row is refused with its line number', async ({ page }) => {
	await addVvRegister(page);
	await open(page, '/pe/import');
	const csv = [
		'Titel;Datum;Punten;Categorie',
		'Reanimatie;15-01-2026;4;Geaccrediteerd',
		'Medicatieveiligheid;2026-02-30;3;Geaccrediteerd',
		'Intervisie;01-03-2026;2;Overig'
	].join('\n');
	await page.getByLabel('CSV file').setInputFiles({
		name: 'pe-online.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(csv)
	});
	await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Titel');
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('1 problem found');
	await expect(alert).toContainText('Line 3, Date (completed): not a date (2026-02-30)');
	await expect(page.getByRole('button', { name: /Import/ })).toBeDisabled();
	expect(await countRecords(page, 'peActivities')).toBe(0);

	// The corrected file imports all of its rows.
	await page.getByLabel('CSV file').setInputFiles({
		name: 'pe-online.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(csv.replace('2026-02-30', '2026-02-28'))
	});
	await expect(page.getByText('3 activities are ready to import.')).toBeVisible();
	await page.getByRole('button', { name: 'Import 3 activities' }).click();
	await expect(page.getByText('3 activities imported')).toBeVisible();
	expect(await countRecords(page, 'peActivities')).toBe(3);
});

test('the audit pack: CSV parses back to the same numbers, the ZIP holds every certificate', async ({
	page
}) => {
	await addVvRegister(page);
	await logActivity(page, {
		title: 'Wound care',
		date: '2026-03-10',
		points: '12.5',
		category: 'Geaccrediteerd',
		certificate: 'certificate.pdf'
	});
	await logActivity(page, {
		title: 'Wound care',
		date: '2026-04-10',
		points: '3',
		category: 'Geaccrediteerd',
		certificate: 'certificate.pdf'
	});
	await logActivity(page, {
		title: 'Ethics, "in practice"',
		date: '2026-05-01',
		points: '6',
		category: 'Overig'
	});
	await page.getByRole('link', { name: 'Kwaliteitsregister V&V' }).click();
	await page.getByRole('link', { name: 'Audit pack' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Audit pack: Kwaliteitsregister V&V'
	);
	const report = page.getByRole('region', { name: 'Report' });
	// Rules: a header and two rules; per category: a header and two; activities: a header and three.
	await expect(report.getByRole('table', { name: 'Rules' }).getByRole('row')).toHaveCount(3);
	await expect(report.getByRole('table', { name: 'Per category' }).getByRole('row')).toHaveCount(3);
	await expect(report.getByRole('table', { name: 'Activities' }).getByRole('row')).toHaveCount(4);

	const csvDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download CSV' }).click();
	const csv = readFileSync((await (await csvDownload).path())!, 'utf8').replace(/^\uFEFF/, '');
	const rows = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
	expect(rows.map((r) => [r.date, r.title, r.category, Number(r.points)])).toEqual([
		['2026-03-10', 'Wound care', 'Geaccrediteerd', 12.5],
		['2026-04-10', 'Wound care', 'Geaccrediteerd', 3],
		['2026-05-01', 'Ethics, "in practice"', 'Overig', 6]
	]);

	const zipDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download certificates (ZIP)' }).click();
	const zip = unzipSync(readFileSync((await (await zipDownload).path())!));
	expect(Object.keys(zip).sort()).toEqual([
		'2026-03-10 Wound care - certificate.pdf',
		'2026-04-10 Wound care - certificate.pdf'
	]);
	expect(strFromU8(zip['2026-03-10 Wound care - certificate.pdf']!)).toContain('certificate.pdf');
});

test('invalid register rules show a clear error and store nothing', async ({ page }) => {
	await open(page, '/pe/registers/new?template=blank');
	await page.getByLabel('Name').fill('My register');
	await page.getByLabel('Cycle length (years)').fill('0');
	await page.getByRole('button', { name: 'Add register' }).click();
	await expect(page.getByText('Enter a whole number of years, 1 to 10.')).toBeVisible();
	expect(await countRecords(page, 'registers')).toBe(0);
});
