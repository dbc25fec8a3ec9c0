import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';

const FIXTURES = 'src/lib/domain/competency/fixtures';
const MATRIX = readFileSync(`${FIXTURES}/mahara-example.matrix`);
const CASE = JSON.parse(readFileSync(`${FIXTURES}/case-package.json`, 'utf8'));
const MEDICATION = '11111111-0000-4000-8000-000000000005';

async function chooseFile(page: Page, name: string, content: string | Buffer) {
	await page.getByLabel('Framework file').setInputFiles({
		name,
		mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
		buffer: typeof content === 'string' ? Buffer.from(content) : content
	});
}

test("Mahara's example matrix imports with Mahara's statuses, its HTML rendered, names once", async ({
	page
}) => {
	await open(page, '/competencies');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Competencies');
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Competencies' })
	).toBeVisible();

	await chooseFile(page, 'example.matrix', MATRIX);
	await expect(page.getByTestId('framework-preview')).toContainText(
		'Graduate teacher standards · 7 competencies, 4 levels'
	);
	await page.getByRole('button', { name: 'Add this framework' }).click();
	const main = page.getByRole('main');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Graduate teacher standards');

	// The description's HTML is rendered (a link, bold text), never shown as tags.
	await expect(main.getByRole('link', { name: 'Mahara manual' })).toBeVisible();
	await expect(main.locator('strong', { hasText: 'basic HTML' })).toBeVisible();
	await expect(main).not.toContainText('<p>');
	await expect(main).not.toContainText('<strong>');

	// Mahara's own statuses are the levels.
	await page.getByText('Levels', { exact: true }).click();
	const levels = main.getByRole('list').filter({ hasText: 'Ready for review' });
	await expect(levels.getByRole('listitem')).toHaveText([
		'Ready for review',
		'Not yet shown',
		'Partly shown',
		'Shown'
	]);

	// The element Mahara's file lists twice is there once; a short name equal to the name once.
	await expect(main.getByRole('link', { name: '1.2.1 - Prior knowledge' })).toBeVisible();
	await expect(main.getByRole('link', { name: /Feedback to learners/ })).toHaveCount(1);
	await expect(main.getByRole('link', { name: 'Planning', exact: true })).toBeVisible();
	await expect(main.getByRole('link', { name: /Planning\s+Planning/ })).toHaveCount(0);

	await main.getByRole('link', { name: '1.1 - Development of learners' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('1.1 - Development of learners');
	await expect(main.getByRole('listitem').filter({ hasText: 'socially' })).toBeVisible();
	await expect(main).not.toContainText('<li>');
});

test('a CASE file whose isChildOf points at an item not in the file is refused, naming it', async ({
	page
}) => {
	await open(page, '/competencies');
	const broken = structuredClone(CASE);
	const association = broken.CFAssociations.find(
		(a: { originNodeURI: { identifier: string } }) => a.originNodeURI.identifier === MEDICATION
	);
	association.destinationNodeURI.identifier = 'ffffffff-0000-4000-8000-00000000dead';
	await chooseFile(page, 'kader.json', JSON.stringify(broken));
	await expect(page.getByRole('alert')).toHaveText(
		'The competencies do not form a tree: “2.1 Medicatieveiligheid” is placed under ffffffff-0000-4000-8000-00000000dead, which is not in this file. Nothing was added.'
	);
	await expect(page.getByRole('button', { name: 'Add this framework' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'No framework yet' })).toBeVisible();
});

test('the same CASE document again is recognised: already there, or an update, never a copy', async ({
	page
}) => {
	await open(page, '/competencies');
	await chooseFile(page, 'verpleegkunde.json', JSON.stringify(CASE));
	await page.getByRole('button', { name: 'Add this framework' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Beroepscompetenties verpleegkundige'
	);

	await open(page, '/competencies');
	const importing = page.getByRole('region', { name: 'Import a framework' });
	await chooseFile(page, 'verpleegkunde.json', JSON.stringify(CASE));
	await expect(importing.getByRole('status')).toContainText(
		'“Beroepscompetenties verpleegkundige” is already in Koers, exactly as in this file.'
	);
	await expect(page.getByRole('button', { name: 'Add this framework' })).toHaveCount(0);

	// A newer version of the document, with a statement in Markdown.
	const newer = structuredClone(CASE);
	const item = newer.CFItems.find((i: { identifier: string }) => i.identifier === MEDICATION);
	item.fullStatement =
		'Dient medicatie toe met een **dubbele controle**:\n\n- juiste patiënt\n- juiste dosis';
	await chooseFile(page, 'verpleegkunde-2.json', JSON.stringify(newer));
	await expect(importing.getByRole('status')).toContainText(
		'You already have this framework: “Beroepscompetenties verpleegkundige”.'
	);
	await expect(page.getByRole('button', { name: 'Add this framework' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Update the existing framework' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Beroepscompetenties verpleegkundige'
	);
	await page.getByRole('link', { name: '2.1 Medicatieveiligheid' }).click();
	const main = page.getByRole('main');
	await expect(main.locator('strong', { hasText: 'dubbele controle' })).toBeVisible();
	await expect(main.getByRole('listitem').filter({ hasText: 'juiste dosis' })).toBeVisible();
	await expect(main).not.toContainText('**');

	await open(page, '/competencies');
	const frameworks = page.getByRole('list', { name: 'Your frameworks' }).getByRole('listitem');
	await expect(frameworks).toHaveCount(1);
});

test('a backdated rating leaves today in the date field; the page says what coverage counts', async ({
	page
}) => {
	await open(page, '/competencies');
	await page.getByRole('button', { name: 'Professional skills (example)' }).click();
	await expect(page.getByTestId('coverage-counts')).toContainText(
		'A linked goal is a plan, not proof'
	);
	await page.getByRole('link', { name: 'C1 Giving and receiving feedback' }).click();
	const date = page.getByLabel('Date');
	const today = await date.inputValue();
	expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	await date.fill('2026-01-05');
	await page.getByRole('radio', { name: /Developing/ }).check();
	await page.getByRole('button', { name: 'Save rating' }).click();
	await expect(page.getByTestId('ratings').getByRole('row')).toHaveCount(2);
	await expect(date).toHaveValue(today);
});

test('the link picker filters and groups by framework, linked ones on top, by keyboard too', async ({
	page
}) => {
	await open(page, '/competencies');
	const examples = page.getByRole('region', { name: 'Examples' }).getByRole('button');
	await expect(examples).toHaveCount(2);
	for (const i of [0, 1]) {
		const name = (await examples.nth(i).textContent())!.trim();
		await examples.nth(i).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
		await open(page, '/competencies');
	}
	await chooseFile(page, 'verpleegkunde.json', JSON.stringify(CASE));
	await page.getByRole('button', { name: 'Add this framework' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Beroepscompetenties verpleegkundige'
	);

	await createGoal(page, { title: 'Overdracht oefenen' });
	await page.getByText('Link to competencies').click();
	const picker = page.locator('details.picker');
	const groups = picker.locator('details.group > summary');
	await expect(groups).toHaveCount(3);
	await expect(groups.filter({ hasText: 'Beroepscompetenties verpleegkundige' })).toBeVisible();
	// Collapsed: no competency of any framework is listed yet.
	await expect(picker.getByRole('checkbox')).toHaveCount(0);

	await page.getByLabel('Find a competency').fill('sbar');
	await expect(picker.getByRole('checkbox')).toHaveCount(1);
	await expect(groups).toHaveCount(1);
	await page.getByLabel('1.2 Draagt de zorg over volgens SBAR, volledig en beknopt.').check();
	await expect(page.getByRole('link', { name: '1.2 Draagt de zorg over' })).toBeVisible();

	await page.getByLabel('Find a competency').fill('zzz-nothing');
	await expect(picker).toContainText('No competency matches “zzz-nothing”.');
	await page.getByLabel('Find a competency').fill('');
	await expect(groups).toHaveCount(3);
	await expect(groups.first()).toContainText('Beroepscompetenties verpleegkundige');
	await expect(groups.first()).toContainText('1 linked');

	// By keyboard: open a group from its summary, tick its first box with Space.
	await groups.nth(1).focus();
	await page.keyboard.press('Enter');
	const box = picker.locator('details.group').nth(1).getByRole('checkbox').first();
	await expect(box).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(box).toBeFocused();
	await page.keyboard.press('Space');
	await expect(box).toBeChecked();
	const links = page.getByRole('region', { name: 'Competencies' }).getByRole('list').first();
	await expect(links.getByRole('link')).toHaveCount(2);
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	expect(height).toBeLessThan(3000);
});
