import * as v from 'valibot';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '$lib/db/koers-db';
import { importResponses } from '$lib/db/shares';
import { emptyShareForm, ShareFormSchema } from '$lib/domain/share/share-form';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import {
	createShare,
	deleteShare,
	resumeShare,
	rotateShare,
	ShareList,
	ShareView,
	stopShare
} from './shares.svelte';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

// The publisher needs WebRTC; here it is enough that making a share starts it.
const start = vi.hoisted(() => vi.fn(async () => {}));
vi.mock('./share-hub.svelte', () => ({ shareHub: { start, peers: () => 0 } }));

beforeAll(stateTestSetup);

/** Share fields as the form hands them over: the goals given, or everything. */
const fields = (title: string, goalIds: string[] = []) =>
	v.parse(ShareFormSchema, {
		...emptyShareForm(),
		title,
		scope: goalIds.length ? 'goals' : 'all',
		goalIds
	});

describe('shares', () => {
	it('makes a share with its own link, starts publishing, and shows only the chosen goal', async () => {
		const chosen = makeGoal({ title: 'Lead a meeting' });
		await db.goals.bulkAdd([chosen, makeGoal({ title: 'A private goal' })]);
		const id = await createShare(fields('For my mentor', [chosen.id]));
		expect(start).toHaveBeenCalled();
		const view = new ShareView(id);
		const content = await until(() => view.content, Boolean);
		expect(content?.meta.title).toBe('For my mentor');
		expect(content?.items.map((item) => item.id)).toEqual([chosen.id]);
		expect(view.active).toBe(true);
		expect(view.liveLink('https://koers.app')).toMatch(
			/^https:\/\/koers\.app\/open#k=live&r=[\w-]+&s=[\w-]{43}(&c=[\w-]+)?$/
		);
		const list = new ShareList();
		expect((await until(() => list.shares.current))?.map((s) => s.id)).toContain(id);
	});

	it('stops a share and resumes it under a new link', async () => {
		const id = await createShare(fields('Stop me'));
		const view = new ShareView(id);
		const before = await until(() => view.liveLink('o'), Boolean);
		await stopShare(id);
		expect(toasts.list.at(-1)?.text).toBe(t('share.stopped'));
		await until(
			() => view.active,
			(active) => !active
		);
		await resumeShare(id);
		expect(await until(() => view.active, Boolean)).toBe(true);
		expect(view.liveLink('o')).not.toBe(before);
		const resumed = view.liveLink('o');
		await rotateShare(id);
		expect(
			await until(
				() => view.liveLink('o'),
				(link) => link !== resumed
			)
		).not.toBe(before);
	});

	it('counts unread responses until they are read, and deletes them with the share', async () => {
		const id = await createShare(fields('With feedback'));
		await importResponses(id, [
			{
				kind: 'feedback',
				id: crypto.randomUUID(),
				itemId: 'x',
				parentId: null,
				author: 'Kim',
				role: '',
				text: 'Good',
				createdAt: new Date().toISOString()
			}
		]);
		const list = new ShareList();
		expect(
			await until(
				() => list.unreadOf(id),
				(n) => n === 1
			)
		).toBe(1);
		const view = new ShareView(id);
		await until(
			() => view.unread.size,
			(n) => n === 1
		);
		await view.markRead();
		expect(
			await until(
				() => list.unreadOf(id),
				(n) => n === 0
			)
		).toBe(0);
		expect(await deleteShare(id)).toBe(true);
		expect(
			await until(
				() => view.share.current,
				(s) => s === null
			)
		).toBeNull();
		expect(await db.responses.where('shareId').equals(id).count()).toBe(0);
	});
});
