import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { createGoal, open } from './helpers';

const CASE = readFileSync('src/lib/domain/competency/fixtures/case-package.json');

test('import a CASE framework, map evidence, self-assess twice, see growth and coverage', async ({
	page
}) => {
	await open(page, '/competencies');
	await expect(page.getByRole('heading', { name: 'No framework yet' })).toBeVisible();
	await page.getByLabel('Framework file').setInputFiles({
		name: 'verpleegkunde.json',
		mimeType: 'application/json',
		buffer: CASE
	});
	await expect(page.getByTestId('framework-preview')).toContainText(
		'Beroepscompetenties verpleegkundige · 5 competencies, 3 levels'
	);
	await page.getByRole('button', { name: 'Add this framework' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Beroepscompetenties verpleegkundige'
	);
	await expect(page.getByTestId('coverage')).toHaveText('0 of 5 with evidence · 0 mastered');
	const frameworkUrl = page.url();
	await open(page, '/overview');
	await expect(page.getByTestId('coverage-figures')).toContainText(
		'0 with evidence · 0 mastered · 5 not yet covered'
	);

	// Evidence linked to a competency.
	await createGoal(page, { title: 'Zelfstandig overdragen', status: 'active' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.getByLabel('Title', { exact: true }).fill('Overdracht in de avonddienst');
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overdracht in de avonddienst');
	await page.getByText('Link to competencies').click();
	await page.getByLabel('1.2 Draagt de zorg over volgens SBAR, volledig en beknopt.').check();
	const chip = page.getByRole('link', { name: '1.2 Draagt de zorg over' });
	await expect(chip).toBeVisible();

	// The competency page shows the evidence; rate twice; the growth chart and table follow.
	await chip.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('1.2 Draagt de zorg over');
	await expect(page.getByRole('link', { name: 'Overdracht in de avonddienst' })).toBeVisible();
	await page.getByLabel('Date').fill('2026-09-01');
	await page.getByRole('radio', { name: /Onder begeleiding/ }).check();
	await page.getByLabel('Note (optional)').fill('Eerste keer');
	await page.getByRole('button', { name: 'Save rating' }).click();
	await expect(page.getByTestId('ratings').getByRole('row')).toHaveCount(2);
	await page.getByLabel('Date').fill('2026-11-01');
	await page.getByRole('radio', { name: /Zelfstandig/ }).check();
	await page.getByRole('button', { name: 'Save rating' }).click();
	const rows = page.getByTestId('ratings').getByRole('row');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(1)).toContainText('Onder begeleiding');
	await expect(rows.nth(2)).toContainText('Zelfstandig');
	const chart = page.getByRole('img', { name: /Your ratings of .* over time/ });
	await expect(chart.locator('canvas')).toBeVisible();
	await expect
		.poll(() => chart.locator('canvas').evaluate((c: HTMLCanvasElement) => c.width))
		.toBeGreaterThan(0);

	// Entry check on another competency; the framework's coverage changed.
	await page.goto(frameworkUrl);
	await page.getByRole('link', { name: '2.1 Medicatieveiligheid' }).click();
	await page.getByRole('button', { name: 'I already master this' }).click();
	await expect(page.getByText('You marked this as already mastered')).toBeVisible();
	await page.goto(frameworkUrl);
	await expect(page.getByTestId('coverage')).toHaveText('1 of 5 with evidence · 1 mastered');
	await open(page, '/overview');
	await expect(page.getByTestId('coverage-figures')).toContainText(
		'1 with evidence · 1 mastered · 3 not yet covered'
	);
	await page.goto(frameworkUrl);
	await page.getByLabel('Show').selectOption('uncovered');
	await expect(page.getByRole('link', { name: /Medicatieveiligheid/ })).toHaveCount(0);
	await expect(page.getByRole('link', { name: /Gesprek met de zorgvrager/ })).toBeVisible();
});

test('a learning path: add blocks, order them, tick them off', async ({ page }) => {
	await createGoal(page, { title: 'Presenteren voor het team', status: 'active' });
	const path = page.getByRole('region', { name: 'Learning path' });
	await path.getByLabel('Building block').selectOption('eLearning');
	await path.getByLabel('Step').fill('Module presentatietechniek');
	await path.getByRole('button', { name: 'Add step' }).click();
	await path.getByLabel('Building block').selectOption('practice');
	await path.getByLabel('Step').fill('Oefenen in het werkoverleg');
	await path.getByRole('button', { name: 'Add step' }).click();
	const steps = path.getByRole('listitem');
	await expect(steps).toHaveCount(2);
	await path.getByRole('button', { name: 'Move up: Oefenen in het werkoverleg' }).click();
	await expect(steps.first()).toContainText('Oefenen in het werkoverleg');
	await steps.first().getByRole('checkbox').check();
	await expect(page.getByTestId('path-progress')).toHaveText('1 of 2 steps done');
	await page.reload();
	await expect(page.getByTestId('path-progress')).toHaveText('1 of 2 steps done');
	await expect(
		page.getByRole('region', { name: 'Learning path' }).getByRole('listitem').first()
	).toContainText('Oefenen in het werkoverleg');
});

test('a broken framework file is refused with the reason and nothing is added', async ({
	page
}) => {
	await open(page, '/competencies');
	await page.getByLabel('Framework file').setInputFiles({
		name: 'kader.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('code,title,parent\nA,One,\nA.1,Two,Z\n')
	});
	await expect(page.getByRole('alert')).toContainText('do not form a tree');
	await expect(page.getByRole('button', { name: 'Add this framework' })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'No framework yet' })).toBeVisible();
});

test('a coach rates a competency through a live share; the learner sees it beside their own', async ({
	browser
}) => {
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	await open(learner, '/competencies');
	await learner.getByRole('button', { name: 'Professional skills (example)' }).click();
	await learner.getByRole('link', { name: 'C1 Giving and receiving feedback' }).click();
	await learner.getByRole('radio', { name: /Developing/ }).check();
	await learner.getByRole('button', { name: 'Save rating' }).click();
	await expect(learner.getByTestId('ratings').getByRole('row')).toHaveCount(2);
	const competencyUrl = learner.url();

	await createGoal(learner, { title: 'Feedback geven', status: 'active' });
	await open(learner, '/share/new');
	await learner.getByLabel('Name of this share').fill('Voor mijn coach');
	await learner.getByLabel('Your name').fill('Sam');
	await learner.getByLabel('Feedback geven').check();
	await learner.getByLabel('Professional skills (example)').check();
	await learner.getByRole('button', { name: 'Create share' }).click();
	await expect(learner.getByRole('heading', { level: 1 })).toHaveText('Voor mijn coach');
	const link = await learner.getByRole('textbox', { name: 'Live link' }).inputValue();

	const coachContext = await browser.newContext();
	const coach = await coachContext.newPage();
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Professional skills (example)' })).toBeVisible({
		timeout: 20_000
	});
	const row = coach
		.getByTestId('shared-competency')
		.filter({ hasText: 'Giving and receiving feedback' });
	await expect(row).toContainText('Own rating: Developing');
	await coach.getByLabel('Your name').fill('Kim Coach');
	await row.getByLabel('Your rating of Giving and receiving feedback').selectOption({
		label: 'Proficient'
	});
	await row.getByRole('button', { name: 'Rate: Giving and receiving feedback' }).click();
	await expect(row).toContainText('Kim Coach: Proficient');

	await learner.goto(competencyUrl);
	const coachRow = learner.getByTestId('ratings').getByRole('row').filter({
		hasText: 'Rated by Kim Coach through a share'
	});
	await expect(coachRow).toContainText('Proficient', { timeout: 20_000 });
	await expect(learner.getByTestId('ratings').getByRole('row')).toHaveCount(3);
	await learnerContext.close();
	await coachContext.close();
});
