import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '$lib/db/koers-db';
import { groupLinks } from '$lib/db/groups';
import { forgetIdentityCache, myIdentity } from '$lib/db/identity';
import { createIdentity, verifyBytes } from '$lib/domain/identity/keys';
import { Ledger } from '$lib/domain/group/ledger';
import { memberIdOf } from '$lib/domain/group/member-id';
import { formatInvite, parseInvite } from '$lib/domain/group/invite';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { GroupPage, join, newGroup, readInvite } from './groups.svelte';

beforeAll(stateTestSetup);

describe('learning groups on one device', () => {
	it('keeps one identity per database, usable for signing after it was read back', async () => {
		const first = await myIdentity();
		forgetIdentityCache();
		const again = await myIdentity();
		expect(again.publicRaw).toBe(first.publicRaw);
		expect(again.privateKey.extractable).toBe(false);
		const bytes = new TextEncoder().encode('round trip');
		const signature = new Uint8Array(
			await crypto.subtle.sign(
				again.alg === 'Ed25519' ? 'Ed25519' : { name: 'ECDSA', hash: 'SHA-256' },
				again.privateKey,
				bytes
			)
		);
		expect(await verifyBytes(again.alg, first.publicKey, signature, bytes)).toBe(true);
	});

	it('creates a group whose stored chain every member can verify', async () => {
		const id = await newGroup({ name: 'Intervisie', purpose: 'Samen', myName: 'Anna' });
		expect(id).toBeTruthy();
		const group = (await db.groups.get(id!))!;
		const links = await groupLinks(id!);
		expect(links.map((l) => l.seq)).toEqual([1, 2]);
		// A reader who has nothing yet accepts them from the envelopes alone.
		const ledger = new Ledger(id!, group.creator, () => 0);
		for (const link of links) expect((await ledger.ingest(link.envelope)).kind).toBe('accepted');

		await db.goals.add(makeGoal({ id: 'g1', title: 'Presenteren' }));
		const page = new GroupPage(id!);
		const stop = $effect.root(() => {
			$effect(() => void page.view);
		});
		await until(
			() => page.view?.name,
			(name) => name === 'Intervisie'
		);
		await page.share(['g1']);
		const view = await until(
			() => page.view,
			(v) => (v?.items.length ?? 0) === 1
		);
		expect(view!.items[0]!.item.id).toBe('g1');
		// Sharing again without a change signs nothing new; unticking unshares.
		await page.share(['g1']);
		expect((await groupLinks(id!)).length).toBe(3);
		await page.share([]);
		await until(
			() => page.view,
			(v) => v?.items.length === 0
		);
		// Leaving is signed too; the group stays readable here.
		await page.share(['g1']);
		await until(
			() => page.view,
			(v) => v?.items.length === 1
		);
		await page.leave();
		const left = await until(
			() => page.view,
			(v) => v?.members[0]?.status === 'left'
		);
		expect(left!.items).toEqual([]);
		expect((await db.groups.get(id!))!.status).toBe('left');
		stop();
	});

	it('joins from an invitation, and refuses a changed one', async () => {
		const creator = await createIdentity();
		const m = await memberIdOf(creator);
		const invite = await formatInvite('https://koers.test', {
			group: 'G'.repeat(22),
			e: 0,
			s: 'S'.repeat(43),
			m,
			n: 'Klas 3'
		});
		const hash = invite.slice(invite.indexOf('#'));
		const ready = await readInvite(hash);
		expect(ready).toMatchObject({ name: 'ready', member: false });
		expect(await readInvite(hash.replace('S'.repeat(43), 'T' + 'S'.repeat(42)))).toEqual({
			name: 'error',
			message: 'groups.join.changed'
		});
		expect((await readInvite('#group=x')).name).toBe('error');
		const parsed = await parseInvite(hash);
		if (!parsed.ok) throw new Error('invite');
		expect(await join(parsed.invite, 'Bram')).toBe('G'.repeat(22));
		const links = await groupLinks('G'.repeat(22));
		expect(links).toHaveLength(1);
		expect(links[0]!.author).toBe(await memberIdOf(await myIdentity()));
	});
});
