import { expect, test, type Page } from '@playwright/test';
import { open } from './helpers';

test.use({ locale: 'nl-NL' });

/** A blank hours register with a total of 60 and "Intervisie" capped at 10 hours. */
async function addCappedRegister(page: Page) {
	await open(page, '/pe/registers/new?template=blank');
	await page.getByLabel('Naam').fill('Verpleegkundigen');
	await page.getByLabel('Eenheid').selectOption({ label: 'Uren' });
	await page.getByLabel('Vereist voor herregistratie').fill('60');
	await page.getByRole('button', { name: 'Categorie toevoegen' }).click();
	await page.getByLabel('Categorie 1').fill('Intervisie');
	await page.getByLabel('Maximum: Intervisie').fill('10');
	await page.getByRole('button', { name: 'Register toevoegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verpleegkundigen');
}

async function logActivity(page: Page, title: string, hours: string, category: string) {
	await open(page, '/pe/activities/new');
	await page.getByLabel('Titel', { exact: true }).fill(title);
	await page.getByLabel('Datum', { exact: true }).fill('2026-03-10');
	await page.getByRole('textbox', { name: 'Uren', exact: true }).first().fill(hours);
	const registers = page.getByRole('group', { name: 'Registers' });
	await registers.getByLabel('Verpleegkundigen').check();
	await registers.getByLabel('Categorie').selectOption({ label: category });
	return registers.getByRole('textbox', { name: 'Uren' });
}

test('a capped category shows what counts, what was logged and the rule, in nl and en', async ({
	page
}) => {
	await addCappedRegister(page);
	await logActivity(page, 'Intervisie voorjaar', '18', 'Intervisie');
	await page.getByRole('button', { name: 'Activiteit opslaan' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Intervisie voorjaar');

	await page.getByRole('link', { name: 'Verpleegkundigen' }).click();
	const perCategory = page.getByRole('region', { name: 'Per categorie' });
	await expect(perCategory.getByText('Intervisie', { exact: true })).toBeVisible();
	await expect(perCategory).toContainText('10 uur meegeteld, van 18 uur ingevoerd');
	await expect(perCategory).toContainText('Regel: maximaal 10 uur meegeteld');
	await expect(page.getByText(/^Registratieperiode /)).toBeVisible();

	await page.evaluate(() => localStorage.setItem('koers.locale', 'en'));
	await page.reload();
	const en = page.getByRole('region', { name: 'Per category' });
	await expect(en).toContainText('10 hours counted, of 18 hours logged');
	await expect(en).toContainText('Rule: at most 10 hours counted');
});

test('"4,5" typed stays 4,5, and proposed points follow the hours', async ({ page }) => {
	await addCappedRegister(page);
	const points = await logActivity(page, 'Wondzorg', '2', 'Geen categorie');
	await expect(points).toHaveValue('2');
	await page.getByRole('textbox', { name: 'Uren', exact: true }).first().fill('4,5');
	await expect(points).toHaveValue('4,5');
	await page.getByRole('button', { name: 'Activiteit opslaan' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wondzorg');
	await expect(page.getByText('Verpleegkundigen: 4,5 uur')).toBeVisible();
	await expect(page.getByText('45')).toHaveCount(0);

	await page.getByRole('link', { name: 'Verpleegkundigen' }).click();
	await expect(page.getByRole('meter', { name: 'Totaal' })).toHaveAttribute(
		'aria-valuetext',
		'4,5 uur van 60 uur'
	);
});

test('an ambiguous amount and a nonsense register are refused with a message at the field', async ({
	page
}) => {
	await open(page, '/pe/registers/new?template=blank');
	await page.getByLabel('Naam').fill('Onzin');
	await page.getByLabel('Vereist voor herregistratie').fill('60');
	await page.getByRole('button', { name: 'Categorie toevoegen' }).click();
	await page.getByLabel('Categorie 1').fill('Geaccrediteerd');
	await page.getByLabel('Minimum: Geaccrediteerd').fill('80');
	await page.getByRole('button', { name: 'Register toevoegen' }).click();
	const min = page.getByLabel('Minimum: Geaccrediteerd');
	await expect(min).toBeFocused();
	await expect(min).toHaveAccessibleDescription(
		'Het minimum van deze categorie is hoger dan het totaal dat voor herregistratie vereist is.'
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Register toevoegen');

	await min.fill('40');
	await page.getByLabel('Vereist voor herregistratie').fill('1.234,5');
	await page.getByRole('button', { name: 'Register toevoegen' }).click();
	await expect(page.getByLabel('Vereist voor herregistratie')).toHaveAccessibleDescription(
		/op twee manieren te lezen/
	);

	await page.getByLabel('Vereist voor herregistratie').fill('60');
	await page.getByRole('button', { name: 'Register toevoegen' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Onzin');
});

test('a CSV saved by Dutch Excel (Windows-1252) imports "Casuïstiek"', async ({ page }) => {
	await addCappedRegister(page);
	await open(page, '/pe/import');
	const csv = Buffer.from('titel;datum;uren\r\nCasuïstiek;01-03-2026;4,5\r\n', 'latin1');
	expect(csv.includes(0xef)).toBe(true);
	await page
		.getByLabel('CSV-bestand')
		.setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: csv });
	const preview = page.getByRole('table');
	await expect(preview.getByRole('cell', { name: 'Casuïstiek' })).toBeVisible();
	await expect(preview.getByRole('cell', { name: '4,5' })).toBeVisible();
	await page.getByRole('button', { name: '1 activiteit importeren' }).click();
	await expect(page.getByRole('link', { name: 'Casuïstiek' })).toBeVisible();
	await expect(page.getByText('Casu\uFFFDstiek')).toHaveCount(0);
});
