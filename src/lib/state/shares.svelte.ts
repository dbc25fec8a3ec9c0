import { listFrameworks } from '$lib/db/competencies';
import { listGoals } from '$lib/db/goals';
import { listRegisters } from '$lib/db/registers';
import * as shares from '$lib/db/shares';
import { nowStamp, type IsoDate } from '$lib/domain/dates';
import { SHARE_CONTENT_VERSION, type ShareContent } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import { formatShareLink } from '$lib/domain/share/links';
import { isActive, type Share } from '$lib/domain/share/share';
import type { ShareFields } from '$lib/domain/share/share-form';
import type { MessageId } from '$lib/i18n';
import { act } from './action';
import { LiveQuery } from './live-query.svelte';
import { t } from './locale.svelte';
import { shareHub } from './share-hub.svelte';
import { toasts } from './toasts.svelte';
import { today } from './today.svelte';

/**
 * The learner's shares: making one, stopping, resuming, a new link, deleting. Each action
 * persists through $lib/db, says so in a toast, and (re)starts the publisher that serves them.
 */

/** A new room and secret, so links given out before get nothing new. */
async function freshKeys(): Promise<Pick<Share, 'room' | 'secret'>> {
	const { randomRoom, randomSecret } = await import('$lib/sync/sealed');
	return { room: randomRoom(), secret: randomSecret() };
}

/** The share list: every share, and how many responses each has unread. */
export class ShareList {
	readonly shares = new LiveQuery(shares.listShares);
	readonly unread = new LiveQuery(shares.unreadCounts);
	/** Today, changing at midnight (a share expires then). */
	get today(): IsoDate {
		return today.current;
	}

	get queries() {
		return [this.shares, this.unread];
	}

	/** Unread responses of one share. */
	unreadOf(id: string): number {
		return this.unread.current?.get(id) ?? 0;
	}
}

/** What the share form offers to choose from: open goals, points registers, frameworks. */
export class ShareChoices {
	readonly goals = new LiveQuery(async () => (await listGoals()).filter((g) => !g.archivedAt));
	readonly registers = new LiveQuery(async () =>
		(await listRegisters()).filter((r) => r.model === 'points')
	);
	readonly frameworks = new LiveQuery(listFrameworks);

	get queries() {
		return [this.goals, this.registers, this.frameworks];
	}
}

/** Makes a share with a fresh room and secret and starts publishing it; returns its id. */
export async function createShare(fields: ShareFields): Promise<string> {
	const share = await shares.createShare({ ...fields, ...(await freshKeys()) });
	await shareHub.start();
	return share.id;
}

/** One share's page: the share, what it shows right now, and the responses it brought. */
export class ShareView {
	readonly share: LiveQuery<Share | null>;
	readonly responses: LiveQuery<Awaited<ReturnType<typeof shares.responsesOf>>>;
	readonly source = new LiveQuery(shares.shareSource);

	/** Today, changing at midnight (the share expires then). */
	get today(): IsoDate {
		return today.current;
	}

	constructor(readonly id: string) {
		this.share = new LiveQuery(() => shares.getShare(id).then((s) => s ?? null));
		this.responses = new LiveQuery(() => shares.responsesOf(id));
	}

	get queries() {
		return [this.share, this.responses, this.source];
	}

	/** Published now: neither stopped nor expired. */
	get active(): boolean {
		const share = this.share.current;
		return share ? isActive(share, this.today) : false;
	}

	#content = $derived.by((): ShareContent | null => {
		const share = this.share.current;
		const source = this.source.current;
		if (!share || !source) return null;
		return {
			meta: {
				version: SHARE_CONTENT_VERSION,
				shareId: share.id,
				title: share.title,
				owner: share.owner,
				publishedAt: share.updatedAt
			},
			items: projectItems(share.selection, source)
		};
	});
	#contentBytes = $derived(
		this.#content ? new TextEncoder().encode(JSON.stringify(this.#content)).length : 0
	);

	/** The content as a coach sees it now (null while loading). */
	get content(): ShareContent | null {
		return this.#content;
	}

	/** Bytes of the shared text; a live link's first sync must fit one data-channel message. */
	get contentBytes(): number {
		return this.#contentBytes;
	}

	/** The live link for coaches, on this app's origin. */
	liveLink(origin: string): string {
		const share = this.share.current;
		return share ? formatShareLink(origin, { k: 'live', r: share.room, s: share.secret }) : '';
	}

	#unread = $derived.by(() => {
		const ids = (this.responses.current ?? []).filter((r) => r.readAt === null).map((r) => r.id);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- derived anew, never changed
		return new Set(ids);
	});

	/** Ids of the responses not read yet. */
	get unread(): ReadonlySet<string> {
		return this.#unread;
	}

	/** Coaches connected to this share right now. */
	get peers(): number {
		return shareHub.peers(this.id);
	}

	/** True while the live link finds this page: its content is out and signaling reached. */
	get live(): boolean {
		return shareHub.live(this.id);
	}

	/** Marks the responses as read (the learner has seen them). */
	markRead(): Promise<void> {
		return act(() => shares.markResponsesRead(this.id)).then(() => undefined);
	}
}

/** Stops a share: its links get nothing new until it is resumed. */
export function stopShare(id: string): Promise<void> {
	return act(async () => {
		await shares.updateShare(id, { revokedAt: nowStamp() });
		toasts.show(t('share.stopped'));
	});
}

/** A new room and secret for a share (running again if it was stopped), said in a toast. */
function relink(id: string, message: MessageId): Promise<void> {
	return act(async () => {
		await shares.updateShare(id, { ...(await freshKeys()), revokedAt: null });
		toasts.show(t(message));
	});
}

/** Resumes a stopped share under a new link. */
export const resumeShare = (id: string) => relink(id, 'share.resumed');

/** Gives a share a new link: links given out before get nothing new. */
export const rotateShare = (id: string) => relink(id, 'share.rotated');

/** Deletes a share and the responses it brought; true when it is gone. */
export async function deleteShare(id: string): Promise<boolean> {
	const done = await act(async () => {
		await shares.deleteShare(id);
		toasts.show(t('share.deleted'));
		return true;
	});
	return done === true;
}
