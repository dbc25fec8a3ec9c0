import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '$lib/db/koers-db';
import { createShare } from '$lib/db/shares';
import type { ShareContent } from '$lib/domain/share/content';
import { makeGoal } from '$lib/testing/factories';
import { stateTestSetup, until } from '$lib/testing/state.svelte';
import { randomRoom, randomSecret } from '$lib/sync/sealed';
import { t } from './locale.svelte';
import { OpenShare } from './open-share.svelte';
import { receivedShares } from './received-shares';
import { importReplyFile, importReplyLink } from './replies';
import { makeReplyLink } from './reply-out';
import { reviewer } from './reviewer.svelte';
import { makeSnapshotLink, sealShareFileText, shareFileKeyLink } from './share-copies';
import { ShareView } from './shares.svelte';
import { toasts } from './toasts.svelte';

const ORIGIN = 'https://koers.test';

beforeAll(async () => {
	await stateTestSetup();
	// The reviewer's name is remembered in localStorage, which node lacks.
	const items = new Map<string, string>();
	vi.stubGlobal('localStorage', {
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, value)
	});
});

beforeEach(() => {
	reviewer.name = '';
	reviewer.role = '';
});

/** A learner's share of one goal, and its content as a coach would get it. */
async function learnerShare(title: string) {
	const goal = makeGoal({ title });
	await db.goals.add(goal);
	const share = await createShare({
		title: `Share of ${title}`,
		owner: 'Sam',
		selection: { kind: 'goals', goalIds: [goal.id] },
		expiresAt: null,
		room: randomRoom(),
		secret: randomSecret()
	});
	const view = new ShareView(share.id);
	const content = (await until(() => view.content, Boolean)) as ShareContent;
	return { goal, share, content };
}

/** Opens `link` as the /open page does. */
async function opened(link: string): Promise<OpenShare> {
	const open = new OpenShare();
	await open.open(new URL(link));
	return open;
}

const inbox = receivedShares();

describe('opening a share', () => {
	it('a snapshot is remembered as seen, takes signed feedback, and its reply reaches the learner once', async () => {
		const { goal, share, content } = await learnerShare('Lead a meeting');
		const made = await makeSnapshotLink(ORIGIN, content, share.secret);
		if (!made || !('link' in made)) throw new Error('no snapshot link');

		const coach = await opened(made.link);
		expect(coach.phase.name).toBe('view');
		expect(coach.view?.content?.meta.title).toBe('Share of Lead a meeting');
		const record = await until(
			() => inbox.current?.find((r) => r.id === share.id),
			(r) => r?.title === 'Share of Lead a meeting'
		);
		expect(record?.kind).toBe('snap');

		// Feedback needs a name first; nothing is sent without it.
		expect(await coach.feedback(goal.id, 'Nice goal.', null)).toBe(false);
		expect(coach.needName).toBe(true);
		expect(coach.view?.responses).toEqual([]);
		reviewer.name = ' Kim Coach ';
		expect(await coach.feedback(goal.id, ' Add a date. ', null, 12.345)).toBe(true);
		expect(coach.needName).toBe(false);
		expect(coach.view?.responses[0]).toMatchObject({
			author: 'Kim Coach',
			text: 'Add a date.',
			at: 12.3
		});
		expect(await coach.sign(goal.id, 'Done well.', '2026-12-01')).toBe(true);

		const reply = await makeReplyLink(ORIGIN, coach.replyTo!, coach.view!.responses);
		expect(reply).toContain('#k=reply&');
		expect(await importReplyLink(share, reply!)).toEqual({ count: 2 });
		expect(toasts.list.at(-1)?.text).toBe(t('share.replyCount', { count: 2 }));
		expect(await importReplyLink(share, reply!)).toEqual({ count: 0 });
		expect(await importReplyLink({ ...share, id: 'another' }, reply!)).toMatchObject({
			problem: 'share.error.otherShare'
		});

		// The reply link opened in the learner's own browser brings it in too.
		const learner = await opened(reply!);
		expect(learner.phase).toEqual({ name: 'replied', shareId: share.id, count: 0 });
	});

	it('a tampered or broken link says why and remembers nothing', async () => {
		const before = await db.receivedShares.count();
		const tampered = await opened(
			`${ORIGIN}/open#k=snap&i=abc&s=${'A'.repeat(43)}&d=${'B'.repeat(64)}`
		);
		expect(tampered.phase).toMatchObject({ name: 'error', message: 'share.error.corrupt' });
		const broken = await opened(`${ORIGIN}/open#k=live&r=short`);
		expect(broken.phase).toMatchObject({ name: 'error', message: 'share.error.invalidLink' });
		const unknown = await makeReplyLink(ORIGIN, { id: 'gone', secret: randomSecret() }, []);
		expect((await opened(unknown!)).phase).toMatchObject({
			message: 'share.error.unknownShare'
		});
		expect(await db.receivedShares.count()).toBe(before);
	});

	it('a share file opens with its key link; another file is refused', async () => {
		const { share, content } = await learnerShare('By file');
		const coach = await opened(shareFileKeyLink(ORIGIN, content, share.secret));
		expect(coach.phase.name).toBe('needFile');
		expect(coach.replyTo).toBeUndefined();

		await coach.chooseFile(new File(['{"hello":"world"}'], 'notes.koers'));
		expect(coach.phase).toMatchObject({ message: 'share.error.notShareFile' });
		const text = await sealShareFileText(content, share.secret, true);
		await coach.chooseFile(new File([text!], 'share.koers'));
		expect(coach.phase.name).toBe('view');
		expect(coach.view?.content?.meta.title).toBe('Share of By file');
		expect(coach.replyTo).toEqual({ id: share.id, secret: share.secret });

		// A share file is no reply file.
		expect(await importReplyFile(share, new File([text!], 'share.koers'))).toMatchObject({
			problem: 'share.error.notReplyFile'
		});
	});
});
