import { expect, type Page } from '@playwright/test';
import { open } from './helpers';

/** What learning-group tests do as a learner would: create, join, find a member's work. */

/** Creates a group through the form; returns the invitation link. */
export async function createGroup(page: Page, name: string, me: string): Promise<string> {
	await open(page, '/groups');
	await page.getByRole('button', { name: 'New group' }).first().click();
	await page.getByLabel('Name of the group').fill(name);
	await page.getByLabel('Purpose').fill('Feedback on our presentations');
	await page.getByLabel('Your name in this group').fill(me);
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
	await page.getByText('Invite members').click();
	const link = page.getByRole('textbox', { name: 'Invitation link' });
	await expect(link).toHaveValue(/\/groups\/join#group=/);
	return link.inputValue();
}

/** Joins from an invitation link under the name `me`. */
export async function joinGroup(page: Page, invite: string, name: string, me: string) {
	await page.goto(invite);
	await expect(
		page.getByRole('heading', { level: 1, name: `You are invited to ${name}` })
	).toBeVisible();
	await page.getByLabel('Your name in this group').fill(me);
	await page.getByRole('button', { name: 'Join the group' }).click();
	// The group's own page (exactly its name: "You are invited to …" holds it too): the join is
	// written once it shows.
	await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

/** A shared item on a group's page, by its title. */
export const work = (page: Page, title: string) =>
	page.locator('article[data-item]').filter({ has: page.getByRole('heading', { name: title }) });
