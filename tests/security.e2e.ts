import { expect, test } from '@playwright/test';
import { createGoal, open, trackOutsideRequests } from './helpers';

const HOSTILE_BODY = [
	'# Report',
	'<script>window.__pwned = "script"</script>',
	'<img src="x" onerror="window.__pwned = \'img\'">',
	'[click me](javascript:window.__pwned=%22link%22)',
	'<a href="javascript:window.__pwned=1">raw link</a>',
	'<iframe src="javascript:window.__pwned=1"></iframe>',
	'<svg><script>window.__pwned = "svg"</script></svg>',
	'<div onmouseover="window.__pwned=1">hover me</div>',
	'![tracker](https://tracker.example/pixel.png)'
].join('\n\n');
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">.png';

test('hostile Markdown, HTML and file names render inert', async ({ page }) => {
	const outside = trackOutsideRequests(page);
	page.on('dialog', (dialog) => void dialog.dismiss());
	await createGoal(page, { title: 'Safe goal' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Format').selectOption({ label: 'Report' });
	await page.getByLabel('Title', { exact: true }).fill('<b onclick="window.__pwned=1">Title</b>');
	await page.getByRole('textbox', { name: 'Report' }).fill(HOSTILE_BODY);
	await page.getByLabel('Add files').setInputFiles({
		name: HOSTILE_NAME,
		mimeType: 'image/png',
		buffer: Buffer.from('not really a png')
	});
	await expect(page.getByRole('region', { name: 'Preview' }).getByText('hover me')).toBeVisible();
	await page.getByRole('button', { name: 'Save evidence' }).click();

	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'<b onclick="window.__pwned=1">Title</b>'
	);
	const body = page.locator('.prose').first();
	await expect(body.getByText('hover me')).toBeVisible();
	await body.getByText('hover me').hover();
	await expect(page.getByText(HOSTILE_NAME, { exact: true })).toBeVisible();

	const report = await page.evaluate(() => {
		const prose = document.querySelector('.prose')!;
		return {
			pwned: (window as { __pwned?: unknown }).__pwned ?? null,
			scripts: prose.querySelectorAll('script, iframe, svg').length,
			handlers: [...prose.querySelectorAll('*')].flatMap((el) =>
				[...el.attributes].map((a) => a.name).filter((name) => name.startsWith('on'))
			),
			hrefs: [...prose.querySelectorAll('a')].map((a) => a.getAttribute('href')),
			imageSources: [...prose.querySelectorAll('img')].map((img) => img.getAttribute('src'))
		};
	});
	expect(report.pwned).toBeNull();
	expect(report.scripts).toBe(0);
	expect(report.handlers).toEqual([]);
	expect(report.hrefs.filter((href) => href?.toLowerCase().startsWith('javascript'))).toEqual([]);
	expect(report.imageSources).toEqual([null, null]);
	expect(outside).toEqual([]);

	// Reloading renders the stored text the same inert way.
	await page.reload();
	await expect(page.locator('.prose').first().getByText('hover me')).toBeVisible();
	expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
});

test('the app makes no request to any other host', async ({ page }) => {
	const outside = trackOutsideRequests(page);
	await open(page);
	for (const path of ['/goals', '/evidence', '/settings', '/goals/new', '/evidence/new'])
		await open(page, path);
	expect(outside).toEqual([]);
});
