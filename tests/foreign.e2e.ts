import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { bake, credential, issuerKey, PNG, signJcs } from '../src/lib/testing/badges';
import { countRecords, open } from './helpers';

const LEAP2A = readFileSync('src/lib/domain/foreign/fixtures/leap2a.xml', 'utf8');
const OB2 = readFileSync('src/lib/domain/foreign/fixtures/ob2-assertion.json', 'utf8');
const VIDEO = new Uint8Array(4096).map((_, i) => (i * 7) % 256);

test('a Mahara LEAP2A export becomes goals, evidence with files, and a reflection', async ({
	page
}) => {
	const zip = zipSync({
		'leap2a.xml': strToU8(LEAP2A),
		'files/whiteboard-sbar.png': new Uint8Array(PNG),
		'files/presentatie.webm': VIDEO
	});
	await open(page, '/data');
	await page.getByLabel('File to import').setInputFiles({
		name: 'mahara-export-sanne.zip',
		mimeType: 'application/zip',
		buffer: Buffer.from(zip)
	});
	await expect(page.getByTestId('leap2a-preview')).toHaveText(
		'This export holds 2 goals, 3 pieces of evidence, 1 reflection and 2 files.'
	);
	await expect(page.getByText('1 entry has no place in Koers')).toBeVisible();
	expect(await countRecords(page, 'evidence')).toBe(0);
	await page
		.getByRole('region', { name: 'Bring work from other systems' })
		.getByRole('button', { name: 'Import', exact: true })
		.click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toBeVisible();

	await open(page, '/evidence');
	await page.getByRole('link', { name: 'Eerste overdracht met SBAR' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eerste overdracht met SBAR');
	await expect(page.locator('.prose strong').first()).toHaveText('overdracht');
	await expect(page.getByRole('img', { name: 'whiteboard-sbar.png' })).toBeVisible();
	await expect(page.getByText('voortaan in twee zinnen samenvatten')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Overdracht geven volgens SBAR' })).toBeVisible();

	// Importing the same export again adds nothing.
	await open(page, '/data');
	await page.getByLabel('File to import').setInputFiles({
		name: 'mahara-export-sanne.zip',
		mimeType: 'application/zip',
		buffer: Buffer.from(zip)
	});
	await expect(page.getByText('6 items were imported before')).toBeVisible();
	await page
		.getByRole('region', { name: 'Bring work from other systems' })
		.getByRole('button', { name: 'Import', exact: true })
		.click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toBeVisible();
	expect(await countRecords(page, 'evidence')).toBe(3);
	expect(await countRecords(page, 'goals')).toBe(2);
	expect(await countRecords(page, 'attachments')).toBe(2);
});

test('badges: a verified 3.0 credential and a 2.0 badge that cannot be checked offline', async ({
	page
}) => {
	const { keys, did } = await issuerKey();
	const signed = await signJcs(credential(did), keys, did);
	await open(page, '/data');
	await page.getByLabel('File to import').setInputFiles({
		name: 'medicatie.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(signed))
	});
	const preview = page.getByTestId('badge-preview');
	await expect(preview).toContainText('Veilig werken met hoog-risicomedicatie');
	await expect(preview).toContainText('Verified on this device (eddsa-jcs-2022, did:key)');
	await page
		.getByRole('region', { name: 'Bring work from other systems' })
		.getByRole('button', { name: 'Import', exact: true })
		.click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toBeVisible();

	// A tampered credential says so, plainly.
	const tampered = structuredClone(signed);
	tampered.credentialSubject.achievement.name = 'Chirurg';
	await page.getByLabel('File to import').setInputFiles({
		name: 'tampered.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(tampered))
	});
	await expect(page.getByTestId('badge-preview')).toContainText('Does not verify');

	await page.getByLabel('File to import').setInputFiles({
		name: 'bls.png',
		mimeType: 'image/png',
		buffer: Buffer.from(bake('openbadges', OB2, true))
	});
	await expect(page.getByTestId('badge-preview')).toContainText('Basic Life Support (BLS)');
	await expect(page.getByTestId('badge-preview')).toContainText('Cannot be verified offline');
	await page
		.getByRole('region', { name: 'Bring work from other systems' })
		.getByRole('button', { name: 'Import', exact: true })
		.click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toBeVisible();

	await open(page, '/evidence');
	await page.getByRole('link', { name: 'Basic Life Support (BLS)' }).click();
	await expect(page.getByRole('link', { name: 'Skillslab Zorgacademie' })).toBeVisible();
	await expect(page.getByText('Praktijktoets afgelegd')).toBeVisible();
	await expect(page.getByRole('img', { name: 'bls.png' })).toBeVisible();
	expect(await countRecords(page, 'evidence')).toBe(2);
});

test('a hostile or broken file from another system is refused and nothing is stored', async ({
	page
}) => {
	await open(page, '/data');
	const input = page.getByLabel('File to import');
	await input.setInputFiles({
		name: 'bomb.xml',
		mimeType: 'application/xml',
		buffer: Buffer.from(
			'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">]><feed xmlns="http://www.w3.org/2005/Atom">&lol1;</feed>'
		)
	});
	await expect(page.getByRole('alert')).toContainText('declares a DTD or entities');
	await input.setInputFiles({
		name: 'photo.png',
		mimeType: 'image/png',
		buffer: PNG
	});
	await expect(page.getByRole('alert')).toContainText('No Open Badge was found');
	await input.setInputFiles({
		name: 'notes.docx',
		mimeType: 'application/octet-stream',
		buffer: Buffer.from('hello')
	});
	await expect(page.getByRole('alert')).toContainText('cannot import this kind of file');
	expect(await countRecords(page, 'evidence')).toBe(0);
	expect(await countRecords(page, 'chunks')).toBe(0);
});
