import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPORT = `## What went well

The **handover** used [SBAR](https://example.org/sbar) every time.

<img src="x" onerror="window.pwned = true"><script>window.pwned = true</script>`;

test('the backup viewer renders a report as Markdown, safely, and links certificates', async ({
	page,
	context
}) => {
	await page.goto('/evidence/new');
	await page.getByLabel('Title', { exact: true }).fill('Handover report');
	await page.getByLabel('Format').selectOption({ label: 'Report' });
	await page.getByLabel('Report', { exact: true }).fill(REPORT);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Handover report');

	await page.goto('/pe');
	await page.getByRole('link', { name: 'Add register' }).first().click();
	await page.getByRole('link', { name: /Kwaliteitsregister V&V/ }).click();
	await page.getByLabel('Cycle starts on').fill('2026-01-01');
	await page.getByRole('button', { name: 'Add register' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kwaliteitsregister V&V');
	await page.goto('/pe/activities/new');
	await page.getByLabel('Title', { exact: true }).fill('Wound care');
	await page.getByLabel('Date', { exact: true }).fill('2026-03-10');
	await page.getByLabel('Kwaliteitsregister V&V').check();
	await page.getByLabel('Points').fill('4,5');
	await page.getByLabel('Add certificates').setInputFiles({
		name: 'wound-care-certificate.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from('%PDF-1.4\n% certificate\n%%EOF\n')
	});
	await page.getByRole('button', { name: 'Save activity' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wound care');

	await page.goto('/data');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export backup' }).click();
	const zip = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
	const dir = mkdtempSync(join(tmpdir(), 'koers-viewer-'));
	try {
		for (const [name, bytes] of Object.entries(zip)) {
			mkdirSync(dirname(join(dir, name)), { recursive: true });
			writeFileSync(join(dir, name), bytes);
		}
		const viewer = await context.newPage();
		const requests: string[] = [];
		viewer.on('request', (r) => requests.push(r.url()));
		await viewer.goto(pathToFileURL(join(dir, 'index.html')).href);
		const report = viewer.getByRole('article').filter({ hasText: 'Handover report' });
		await expect(report.getByRole('heading', { name: 'What went well' })).toBeVisible();
		await expect(report.locator('strong')).toHaveText('handover');
		await expect(report.getByRole('link', { name: 'SBAR' })).toHaveAttribute(
			'href',
			'https://example.org/sbar'
		);
		await expect(report).not.toContainText('**');
		expect(await viewer.evaluate(() => (window as { pwned?: boolean }).pwned)).toBeUndefined();

		const certificate = viewer.getByRole('link', { name: 'wound-care-certificate.pdf' });
		await expect(certificate).toHaveAttribute('href', /^files\/[0-9a-f]{64}$/);
		await expect(certificate).toHaveAttribute('download', 'wound-care-certificate.pdf');
		expect(requests.every((url) => url.startsWith('file:'))).toBe(true);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
