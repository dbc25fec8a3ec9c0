import { expect, test, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';

test.use({ viewport: { width: 390, height: 844 } });

const LONG_TITLE =
	'Slecht-nieuwsgesprekken voeren met familieleden van patiënten op de intensive care';
const LONG_TEXT = `Ik wil ${'communicatievaardigheden '.repeat(3)}oefenen: https://example.org/${'heel-lang-pad/'.repeat(8)}`;

/** The first link on the page whose address contains `part`, as a path. */
async function linkTo(page: Page, part: string): Promise<string> {
	const hrefs = await page
		.getByRole('link')
		.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
	const href = hrefs.find((h) => h.includes(part));
	expect(href, `a link to ${part}`).toBeTruthy();
	return href!;
}

/** A portfolio with long words and titles, and the paths of every main page. */
async function seed(page: Page): Promise<string[]> {
	await createGoal(page, {
		title: LONG_TITLE,
		status: 'active',
		targetDate: '2027-06-30',
		tags: 'communicatie met familie, intensive care, slecht nieuws'
	});
	const goal = new URL(page.url()).pathname;

	await page.getByRole('link', { name: 'Add evidence' }).click();
	await page.getByLabel('Title', { exact: true }).fill(`Verslag: ${LONG_TITLE}`);
	await page
		.getByRole('textbox', { name: 'Tags' })
		.fill('verpleegkundige verslaglegging, overdracht');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Verslag');
	const evidence = new URL(page.url()).pathname;

	await open(page, goal);
	await page.getByRole('link', { name: 'Reflect' }).first().click();
	await page.getByRole('textbox', { name: 'Reflection' }).fill(LONG_TEXT);
	await page.getByRole('button', { name: 'Save reflection' }).click();
	await expect(page.getByRole('heading', { level: 1, name: LONG_TITLE })).toBeVisible();
	const reflection = await linkTo(page, '/reflections/');

	await open(page, '/pe');
	await page.getByRole('link', { name: 'Add register' }).first().click();
	await page.getByRole('link', { name: /Kwaliteitsregister V&V/ }).click();
	await page.getByLabel('Cycle starts on').fill('2026-01-01');
	await page.getByRole('button', { name: 'Add register' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kwaliteitsregister V&V');
	const register = new URL(page.url()).pathname;

	return [
		'/',
		'/goals',
		goal,
		'/evidence',
		evidence,
		reflection,
		'/pe',
		register,
		'/competencies',
		'/overview',
		'/search',
		'/settings',
		'/data',
		'/share'
	];
}

/** How far the page scrolls sideways beyond the viewport (0 when it does not). */
function overflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test('no page scrolls sideways on a 390 px phone, in English and in Dutch', async ({ page }) => {
	test.setTimeout(120_000);
	const paths = await seed(page);

	// Positive control: the measure sees a page that is too wide.
	await open(page, '/settings');
	await page.evaluate(() => {
		const wide = document.createElement('div');
		wide.style.width = '600px';
		wide.style.height = '1px';
		wide.id = 'too-wide';
		document.body.append(wide);
	});
	expect(await overflow(page)).toBeGreaterThan(0);

	for (const language of ['English', 'Nederlands']) {
		await open(page, '/settings');
		await page.getByRole('radio', { name: language }).check();
		await expect(page.locator('html')).toHaveAttribute(
			'lang',
			language === 'English' ? 'en' : 'nl'
		);
		for (const path of paths) {
			await open(page, path);
			if (path === '/search') await page.getByRole('searchbox').fill('communicatie');
			if (path === '/goals')
				await expect(page.getByRole('link', { name: LONG_TITLE })).toBeVisible();
			expect.soft(await overflow(page), `${path} in ${language}`).toBeLessThanOrEqual(0);
		}
		// The bottom bar's labels each sit on one line, inside the screen.
		const nav = page.getByRole('navigation', { name: /^(Main|Hoofdmenu)$/ });
		for (const link of await nav.getByRole('link').all()) {
			const box = (await link.boundingBox())!;
			expect(box.x, await link.innerText()).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(390);
			const oneLine = await link.evaluate((a) => {
				const label = a.querySelector('span')!;
				const size = parseFloat(getComputedStyle(label).fontSize);
				return label.getBoundingClientRect().height < size * 2;
			});
			expect(oneLine, await link.innerText()).toBe(true);
		}
	}
});
