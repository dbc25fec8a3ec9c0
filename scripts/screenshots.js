// Takes screenshots of the main pages at phone and desktop size, light and dark, for a visual
// check: node scripts/screenshots.js [outDir]  (serves build/, so run "npm run build" first).
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { serveStatic } from './serve.js';

const out = process.argv[2] ?? 'reports/screenshots';
mkdirSync(out, { recursive: true });
const port = 4190;
const server = await serveStatic({ port });
const base = `http://127.0.0.1:${port}`;
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });

async function seed(page) {
	await page.goto(`${base}/goals/new`);
	await page.getByLabel('Title', { exact: true }).fill('Give feedback to colleagues');
	await page
		.getByLabel('Description')
		.fill('Learn to give clear, kind feedback in team meetings and one-to-ones.');
	await page.getByLabel('Status').selectOption('active');
	await page.getByLabel('Target date').fill('2026-03-01');
	await page.getByLabel('What: source').selectOption('ambition');
	await page.getByLabel('Vlog').check();
	await page.getByLabel('Report').check();
	await page.getByLabel('Tags').fill('communication, team');
	await page.getByRole('button', { name: 'Create goal' }).click();
	await page.getByRole('link', { name: 'Add evidence' }).first().click();
	await page.getByLabel('Format').selectOption('report');
	await page.getByLabel('Title', { exact: true }).fill('Report: feedback round in sprint 12');
	await page
		.getByLabel('Report', { exact: true })
		.fill('# What I did\n\nI asked **three** colleagues.');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await page.getByRole('link', { name: 'Reflect' }).first().click();
	await page.getByRole('radio', { name: /STARR/ }).check();
	await page.getByRole('textbox', { name: 'Situation' }).fill('Sprint review with the whole team.');
	await page
		.getByRole('textbox', { name: 'Reflection', exact: true })
		.fill('Next time I ask first.');
	await page.getByRole('button', { name: 'Save reflection' }).click();
	await page.waitForURL(/\/evidence\//);
}

for (const scheme of ['light', 'dark']) {
	for (const [name, viewport] of [
		['phone', { width: 390, height: 844 }],
		['desktop', { width: 1280, height: 900 }]
	]) {
		const context = await browser.newContext({ viewport, colorScheme: scheme, locale: 'en-GB' });
		const page = await context.newPage();
		await page.goto(base);
		await page.getByRole('heading', { level: 1 }).waitFor();
		await page.screenshot({ path: `${out}/${scheme}-${name}-welcome.png`, fullPage: true });
		await page.goto(`${base}/goals/new`);
		await page.getByRole('heading', { level: 1 }).waitFor();
		await page.screenshot({ path: `${out}/${scheme}-${name}-goal-form.png`, fullPage: true });
		await seed(page);
		await page.screenshot({ path: `${out}/${scheme}-${name}-evidence.png`, fullPage: true });
		for (const path of ['/', '/goals', '/evidence', '/settings', '/data', '/data/print']) {
			await page.goto(`${base}${path}`);
			await page.waitForTimeout(300);
			const file = path === '/' ? 'home' : path.slice(1).replace('/', '-');
			await page.screenshot({ path: `${out}/${scheme}-${name}-${file}.png`, fullPage: true });
		}
		await page.goto(`${base}/pe/registers/new?template=vv`);
		await page.getByLabel('Cycle starts on').fill('2026-01-01');
		await page.getByRole('button', { name: 'Add register' }).click();
		await page.goto(`${base}/pe/activities/new`);
		await page.getByLabel('Title', { exact: true }).fill('Wound care update');
		await page.getByLabel('Date', { exact: true }).fill('2026-03-10');
		await page.getByLabel('Kwaliteitsregister V&V').check();
		await page.getByLabel('Points').fill('12');
		await page.screenshot({ path: `${out}/${scheme}-${name}-activity-form.png`, fullPage: true });
		await page.getByRole('button', { name: 'Save activity' }).click();
		await page.getByRole('heading', { name: 'Wound care update' }).waitFor();
		await page.goto(`${base}/pe`);
		await page.getByRole('heading', { name: 'Registers' }).waitFor();
		await page.screenshot({ path: `${out}/${scheme}-${name}-pe.png`, fullPage: true });
		await page.getByRole('link', { name: 'Kwaliteitsregister V&V' }).click();
		await page.getByRole('heading', { name: 'Progress' }).waitFor();
		await page.screenshot({ path: `${out}/${scheme}-${name}-register.png`, fullPage: true });
		await page.getByRole('link', { name: 'Audit pack' }).click();
		await page.getByRole('heading', { name: /Audit pack/ }).waitFor();
		await page.screenshot({ path: `${out}/${scheme}-${name}-audit.png`, fullPage: true });
		await page.goto(`${base}/competencies`);
		await page.getByRole('heading', { level: 1 }).waitFor();
		await page.screenshot({
			path: `${out}/${scheme}-${name}-competencies-empty.png`,
			fullPage: true
		});
		await page.getByRole('button', { name: 'Professional skills (example)' }).click();
		await page.getByTestId('coverage').waitFor();
		await page.screenshot({ path: `${out}/${scheme}-${name}-framework.png`, fullPage: true });
		await page.getByRole('link', { name: 'C1 Giving and receiving feedback' }).click();
		await page.getByRole('radio', { name: /Developing/ }).check();
		await page.getByRole('button', { name: 'Save rating' }).click();
		await page.getByTestId('ratings').waitFor();
		await page.waitForTimeout(500);
		await page.screenshot({ path: `${out}/${scheme}-${name}-competency.png`, fullPage: true });
		await page.goto(`${base}/overview`);
		await page.getByRole('heading', { level: 1 }).waitFor();
		await page.waitForTimeout(800);
		await page.screenshot({ path: `${out}/${scheme}-${name}-overview.png`, fullPage: true });
		await page.goto(`${base}/search`);
		await page.getByRole('searchbox').fill('feedback');
		await page.getByTestId('search-count').waitFor();
		await page.screenshot({ path: `${out}/${scheme}-${name}-search.png`, fullPage: true });
		await page.goto(`${base}/goals`);
		await page.getByRole('link', { name: 'Give feedback to colleagues' }).click();
		await page.waitForTimeout(300);
		await page.screenshot({ path: `${out}/${scheme}-${name}-goal.png`, fullPage: true });
		await context.close();
	}
}
await browser.close();
server.close();
console.log(`Screenshots in ${out}/`);
