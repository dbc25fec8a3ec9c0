// Bench part `groups`: a learning group of 20 members with 50 shared items each; the time until a
// new member sees everything.
// The 20 members are simulated in node with real WebCrypto (Ed25519): each signs a join and 50
// goals, exactly as the app signs (the same bytes: domain/identity/envelope.ts); the creator also
// signs the group's name. One browser page joins as a member and holds those 1,020 envelopes in
// its database, as it would after meeting the members; a second page (the new member) opens the
// invitation, joins, and is timed from "Join the group" until:
// - it holds every envelope (verified one by one: join key → member id, signature, chain place);
// - its page shows all 1,000 items.
// Both pages use the real signaling server and a direct WebRTC connection on loopback.
import { webcrypto as crypto } from 'node:crypto';

const MEMBERS = Number(process.env.BENCH_GROUP_MEMBERS ?? 20);
const ITEMS = Number(process.env.BENCH_GROUP_ITEMS ?? 50);

const text = new TextEncoder();
const b64 = (bytes) => Buffer.from(bytes).toString('base64url');

function signedBytes(header, payload) {
	const parts = [
		text.encode('koers/contribution/v1'),
		text.encode(header.group),
		text.encode(String(header.epoch)),
		text.encode(header.author),
		text.encode(String(header.seq)),
		text.encode(header.prev),
		payload
	];
	const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0));
	const view = new DataView(out.buffer);
	let at = 0;
	for (const part of parts) {
		view.setUint32(at, part.length);
		out.set(part, at + 4);
		at += 4 + part.length;
	}
	return out;
}

const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/** A simulated member: an Ed25519 key and their chain. */
async function member(group) {
	const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
	const publicRaw = b64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
	const id = b64((await sha256(text.encode(`koers/member/v1:Ed25519:${publicRaw}`))).slice(0, 16));
	const links = [];
	let prev = '';
	const write = async (contribution) => {
		const header = { group, epoch: 0, author: id, seq: links.length + 1, prev };
		const payload = text.encode(JSON.stringify(contribution));
		const signed = signedBytes(header, payload);
		const sig = new Uint8Array(
			await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, signed)
		);
		const envelope = { v: 1, ...header, payload: b64(payload), sig: b64(sig) };
		const all = new Uint8Array(signed.length + sig.length);
		all.set(signed);
		all.set(sig, signed.length);
		prev = b64(await sha256(all));
		links.push({ author: id, seq: header.seq, epoch: 0, hash: prev, envelope });
	};
	return { id, key: { alg: 'Ed25519', publicRaw }, links, write };
}

async function inviteLink(base, invite) {
	const check = b64(
		(
			await sha256(
				text.encode(`koers/group-invite/v1|${invite.group}|0|${invite.secret}|${invite.creator}`)
			)
		).slice(0, 6)
	);
	const params = new URLSearchParams({
		group: invite.group,
		e: '0',
		s: invite.secret,
		m: invite.creator,
		n: 'Bench group',
		c: check
	});
	return `${base}/groups/join#${params}`;
}

/** Joins through the invitation page under `name`; resolves when the group page shows. */
async function join(page, link, name) {
	await page.goto(link);
	await page.getByLabel('Your name in this group').fill(name);
	const started = performance.now();
	await page.getByRole('button', { name: 'Join the group' }).click();
	return started;
}

const countLinks = (page, group) =>
	page.evaluate(
		(group) =>
			new Promise((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					const count = db
						.transaction('groupEnvelopes')
						.objectStore('groupEnvelopes')
						.index('group')
						.count(group);
					count.onsuccess = () => {
						resolve(count.result);
						db.close();
					};
					count.onerror = () => reject(count.error);
				};
			}),
		group
	);

/** Runs the part; `record(name, value, unit, target)` as bench.js does. */
export async function benchGroups({ browser, base, record }) {
	const group = b64(crypto.getRandomValues(new Uint8Array(16)));
	const secret = b64(crypto.getRandomValues(new Uint8Array(32)));
	const signStart = performance.now();
	const members = [];
	for (let m = 0; m < MEMBERS; m++) {
		const who = await member(group);
		await who.write({ t: 'join', name: `Member ${m + 1}`, key: who.key });
		if (m === 0) await who.write({ t: 'about', name: 'Bench group', purpose: 'Timing' });
		for (let i = 0; i < ITEMS; i++)
			await who.write({
				t: 'item',
				item: {
					kind: 'goal',
					id: `m${m}-g${i}`,
					title: `Goal ${i + 1} of member ${m + 1}`,
					description: 'A goal shared with the group, with a few lines of description. '.repeat(3),
					status: 'active',
					targetDate: null,
					successCriteria: ['One criterion', 'Another criterion'],
					updatedAt: '2026-12-02T08:00:00.000Z'
				}
			});
		members.push(who);
	}
	const links = members.flatMap((m) => m.links);
	record(
		`groups: ${links.length} envelopes signed in node (Ed25519)`,
		performance.now() - signStart,
		'ms'
	);
	const link = await inviteLink(base, { group, secret, creator: members[0].id });

	// The member who holds everything.
	const holderContext = await browser.newContext();
	const holder = await holderContext.newPage();
	await join(holder, link, 'Holder');
	await holder.getByRole('heading', { level: 1, name: 'Bench group' }).waitFor({ timeout: 60_000 });
	await holder.evaluate(
		({ group, links }) =>
			new Promise((resolve, reject) => {
				const request = indexedDB.open('koers');
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					const tx = db.transaction('groupEnvelopes', 'readwrite');
					const store = tx.objectStore('groupEnvelopes');
					const receivedAt = new Date().toISOString();
					for (const l of links) store.put({ ...l, group, receivedAt });
					tx.oncomplete = () => {
						db.close();
						resolve(undefined);
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		{ group, links }
	);
	await holder.reload();
	await holder
		.locator('article[data-item]')
		.nth(MEMBERS * ITEMS - 1)
		.waitFor({ timeout: 120_000 });
	const total = await countLinks(holder, group);

	// The new member.
	const newContext = await browser.newContext();
	const newcomer = await newContext.newPage();
	const started = await join(newcomer, link, 'Newcomer');
	await newcomer.getByText('1 other member online').waitFor({ timeout: 60_000 });
	const online = performance.now() - started;
	for (;;) {
		if ((await countLinks(newcomer, group)) >= total) break;
		await newcomer.waitForTimeout(50);
	}
	const stored = performance.now() - started;
	await newcomer
		.locator('article[data-item]')
		.nth(MEMBERS * ITEMS - 1)
		.waitFor({ timeout: 120_000 });
	const shown = performance.now() - started;
	record('groups: new member joins, until the holder is online (proven)', online, 'ms');
	record(
		`groups: new member holds all ${total} envelopes, verified (${MEMBERS} members × ${ITEMS} items)`,
		stored,
		'ms'
	);
	record(`groups: new member sees all ${MEMBERS * ITEMS} items on the page`, shown, 'ms');
	await holderContext.close();
	await newContext.close();
}
