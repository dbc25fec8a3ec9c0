import { expect, type Page } from '@playwright/test';
import { createGoal, open } from './helpers';

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

/** Opens a group's page from the list of groups. */
export async function openGroup(page: Page, name: string): Promise<void> {
	await open(page, '/groups');
	await page.getByRole('link', { name }).click();
	await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

/** Shares one goal (made first) into the group `group`. */
export async function shareGoal(page: Page, group: string, title: string): Promise<void> {
	await createGoal(page, { title });
	await openGroup(page, group);
	await page.getByRole('checkbox', { name: title }).check();
	await page.getByRole('button', { name: 'Share with the group' }).click();
	await expect(page.getByText('Shared with the group')).toBeVisible();
}

/** Shares a goal (made first) with evidence holding `file` into the group `group`. */
export async function shareEvidence(
	page: Page,
	group: string,
	names: { goal: string; evidence: string },
	file: string
): Promise<void> {
	await createGoal(page, { title: names.goal, status: 'active' });
	await page.getByRole('link', { name: 'Add evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.getByLabel('Title', { exact: true }).fill(names.evidence);
	await page.getByLabel('Add files').setInputFiles(file);
	await page.getByRole('button', { name: 'Save evidence' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(names.evidence, {
		timeout: 45_000
	});
	await openGroup(page, group);
	await page.getByRole('checkbox', { name: names.goal }).check();
	await page.getByRole('button', { name: 'Share with the group' }).click();
	await expect(page.getByText('Shared with the group')).toBeVisible();
}

/** A shared item on a group's page, by its title. */
export const work = (page: Page, title: string) =>
	page.locator('article[data-item]').filter({ has: page.getByRole('heading', { name: title }) });

/**
 * Signs an envelope with this page's own identity key, names `victim` as its author, at that
 * author's next place, and writes it into this page's database as if it were theirs: the page's
 * session then sends it to the others when they meet. With another member as `victim`, a
 * forgery; with the page's own author id, what a changed device would write past the checks.
 */
export async function forge(
	page: Page,
	group: string,
	victim: string,
	contribution: Record<string, unknown>
): Promise<void> {
	await page.evaluate(
		async ({ group, victim, contribution }) => {
			const open = () =>
				new Promise<IDBDatabase>((resolve, reject) => {
					const request = indexedDB.open('koers');
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
			const done = <T>(request: IDBRequest<T>) =>
				new Promise<T>((resolve, reject) => {
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
			const db = await open();
			const identity = await done(db.transaction('identity').objectStore('identity').get('self'));
			const links = (await done(
				db.transaction('groupEnvelopes').objectStore('groupEnvelopes').getAll()
			)) as { group: string; author: string; seq: number; hash: string; epoch: number }[];
			const theirs = links
				.filter((l) => l.group === group && l.author === victim)
				.sort((a, b) => a.seq - b.seq);
			const head = theirs.at(-1)!;
			const b64 = (bytes: Uint8Array) =>
				btoa(String.fromCharCode(...bytes))
					.replace(/\+/g, '-')
					.replace(/\//g, '_')
					.replace(/=+$/, '');
			const text = new TextEncoder();
			const payload = text.encode(JSON.stringify(contribution));
			const header = {
				group,
				epoch: head.epoch,
				author: victim,
				seq: head.seq + 1,
				prev: head.hash
			};
			const parts = [
				text.encode('koers/contribution/v1'),
				text.encode(header.group),
				text.encode(String(header.epoch)),
				text.encode(header.author),
				text.encode(String(header.seq)),
				text.encode(header.prev),
				payload
			];
			const signed = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
			let at = 0;
			for (const part of parts) {
				new DataView(signed.buffer).setUint32(at, part.length);
				signed.set(part, at + 4);
				at += 4 + part.length;
			}
			const params =
				identity.alg === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
			const sig = new Uint8Array(await crypto.subtle.sign(params, identity.privateKey, signed));
			const envelope = { v: 1, ...header, payload: b64(payload), sig: b64(sig) };
			const tx = db.transaction('groupEnvelopes', 'readwrite');
			tx.objectStore('groupEnvelopes').put({
				...header,
				hash: `forged-${header.seq}`,
				envelope,
				group,
				receivedAt: new Date().toISOString()
			});
			await new Promise((resolve) => (tx.oncomplete = resolve));
			db.close();
		},
		{ group, victim, contribution }
	);
}

/** The author id of this page's own key in a group (the chain whose join carries that key). */
export function ownAuthor(page: Page, group: string): Promise<string> {
	return page.evaluate(
		(group) =>
			new Promise<string>((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const tx = request.result.transaction(['identity', 'groupEnvelopes']);
					const identity = tx.objectStore('identity').get('self');
					const links = tx.objectStore('groupEnvelopes').getAll();
					tx.oncomplete = () => {
						const key = (identity.result as { publicRaw: string }).publicRaw;
						const joins = (
							links.result as {
								group: string;
								author: string;
								seq: number;
								envelope: { payload: string };
							}[]
						).filter((l) => l.group === group && l.seq === 1);
						const decode = (b64: string) => atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
						const mine = joins.find(
							(l) =>
								(JSON.parse(decode(l.envelope.payload)) as { key: { publicRaw: string } }).key
									.publicRaw === key
						);
						if (mine) resolve(mine.author);
						else reject(new Error('This page has no chain in the group'));
					};
				};
			}),
		group
	);
}
