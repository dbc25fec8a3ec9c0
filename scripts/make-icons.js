// Renders static/favicon.svg into the PNG icons the web manifest lists. Run after changing the
// logo: node scripts/make-icons.js (needs Chromium, as the e2e tests do).
import { chromium } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';

const svg = readFileSync('static/favicon.svg', 'utf8');
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [name, size, padding] of [
	['icon-192', 192, 0],
	['icon-512', 512, 0],
	['maskable-512', 512, 0.1]
]) {
	await page.setViewportSize({ width: size, height: size });
	const inner = size * (1 - 2 * padding);
	await page.setContent(
		`<body style="margin:0;background:#0f5c63;display:grid;place-items:center;height:${size}px">` +
			`<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`
	);
	await page.screenshot({ path: `static/icons/${name}.png`, omitBackground: false });
}
await browser.close();
