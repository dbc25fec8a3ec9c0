import {
	deleteGroup,
	getGroup,
	groupLinks,
	groupVisit,
	listGroups,
	markSeen,
	updateGroup
} from '$lib/db/groups';
import { listGoals } from '$lib/db/goals';
import { shareSource } from '$lib/db/shares';
import { chainsFromLinks } from '$lib/domain/group/ledger';
import { formatInvite, parseInvite, type Invite } from '$lib/domain/group/invite';
import { groupView, unseen, type GroupView } from '$lib/domain/group/view';
import { fingerprint } from '$lib/domain/identity/keys';
import { type SharedItem } from '$lib/domain/share/content';
import { projectItems } from '$lib/domain/share/projection';
import type { MessageId } from '$lib/i18n';
import { createGroup, joinedAlready, joinGroup } from '$lib/sync/groups/membership';
import { DeviceNotConfirmedError } from '$lib/sync/groups/own-chain';
import { groupMediaSecret } from '$lib/sync/groups/media';
import { contribute, groupMediaPeers, openSession } from '$lib/sync/groups/session';
import { act, actAndSay, reportFailure, UserError } from './action';
import { roomHere } from './groups-background';
import { groupPresence, removeInHolder } from './groups-tabs';
import { LiveQuery } from './live-query.svelte';
import { SharedMedia } from './shared-media.svelte';

/**
 * Learning groups as the learner sees them. The page of a group reads what is stored
 * (db/groups: links that were verified when they arrived), so it shows offline what was received;
 * the group's room is held in the background by one tab of this browser (groups-background.ts),
 * which says who is online; what the learner writes here is stored and sent from that tab.
 */

/** The learner's groups. */
export class GroupList {
	readonly groups = new LiveQuery(listGroups);
}

/** Creates a group; returns its id (or undefined when it failed, with a toast). */
export function newGroup(fields: { name: string; purpose: string; myName: string }) {
	return act(() => createGroup(fields));
}

/** An invitation opened from a link. */
export type InviteState =
	| { name: 'loading' }
	| { name: 'error'; message: MessageId }
	| { name: 'ready'; invite: Invite; member: boolean };

/** Reads the invitation in a page's fragment. */
export async function readInvite(hash: string): Promise<InviteState> {
	const parsed = await parseInvite(hash);
	if (!parsed.ok)
		return {
			name: 'error',
			message: parsed.problem === 'changed' ? 'groups.join.changed' : 'groups.join.invalid'
		};
	return { name: 'ready', invite: parsed.invite, member: await joinedAlready(parsed.invite.group) };
}

/** Joins under the chosen name; returns the group id. */
export function join(invite: Invite, myName: string) {
	return act(() => {
		if (!myName.trim()) throw new UserError('groups.join.nameNeeded');
		return joinGroup(invite, myName.trim());
	});
}

/** One member's shared item, with whether it is new since the last visit. */
export interface ItemRow {
	author: string;
	item: SharedItem;
	hash: string;
	fresh: boolean;
}

/** A group's page: its view from stored links, and a live session while it is open. */
export class GroupPage {
	readonly id: string;
	readonly group: LiveQuery<Awaited<ReturnType<typeof getGroup>>>;
	readonly links: LiveQuery<Awaited<ReturnType<typeof groupLinks>>>;
	readonly goals = new LiveQuery(async () => (await listGoals()).filter((g) => !g.archivedAt));
	#online = $state.raw<string[]>([]);
	#refused = $state(0);
	#fingerprints = $state.raw<Record<string, string>>({});
	#invite = $state('');
	#stopPresence: (() => void) | undefined;
	#media = $state.raw<SharedMedia>();
	#closed = false;
	/** What was seen when this visit began (so "new" stays marked during the visit). */
	#seenAtStart = $state.raw<Set<string>>();
	/** Whether this learner visited the group before this visit (only then is anything "new"). */
	#visitedBefore = $state(false);
	#seenTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(id: string) {
		this.id = id;
		this.group = new LiveQuery(() => getGroup(id));
		this.links = new LiveQuery(() => groupLinks(id));
	}

	/** What the verified chains show (derived again only when the stored links change). */
	readonly #view = $derived.by((): GroupView | undefined => {
		const group = this.group.current;
		const links = this.links.current;
		if (!group || !links) return undefined;
		return groupView(group.creator, chainsFromLinks(links));
	});

	get view(): GroupView | undefined {
		return this.#view;
	}

	/** The envelope hashes seen before this visit. */
	get seenAtStart(): ReadonlySet<string> {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built whole, never changed
		return this.#seenAtStart ?? new Set();
	}

	get queries() {
		return [this.group, this.links, this.goals];
	}

	/** Other members' files on demand (once the page started). */
	get media(): SharedMedia | undefined {
		return this.#media;
	}

	/** Member ids proven online now. */
	get online(): string[] {
		return this.#online;
	}

	/** Envelopes refused in this visit (forged, changed or out of place). */
	get refused(): number {
		return this.#refused;
	}

	get fingerprints(): Record<string, string> {
		return this.#fingerprints;
	}

	/** The invitation link (with this epoch's secret). */
	get invite(): string {
		return this.#invite;
	}

	/** Items grouped by member, newest state; `fresh` when not seen at the last visit. */
	get items(): ItemRow[] {
		const view = this.view;
		if (!view) return [];
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built whole, never changed
		const seen = this.#seenAtStart ?? new Set();
		return view.items.map((item) => ({ ...item, fresh: !seen.has(item.hash) }));
	}

	/** How many items and comments are new since the last visit. */
	get changes(): { items: number; comments: number } {
		const view = this.view;
		const group = this.group.current;
		if (!view || !group || !this.#visitedBefore) return { items: 0, comments: 0 };
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built whole, never changed
		const news = unseen(view, this.#seenAtStart ?? new Set());
		const mine = group.myMemberId;
		return {
			items: news.items.filter((i) => i.author !== mine).length,
			comments: news.comments.filter((c) => c.author !== mine).length
		};
	}

	/** Connects to the group's members (call on mount; `close` on destroy). */
	async start(): Promise<void> {
		const [group, visit] = await Promise.all([getGroup(this.id), groupVisit(this.id)]);
		if (!group || this.#closed) return;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built whole, never changed
		this.#seenAtStart = new Set(visit.seen);
		this.#visitedBefore = visit.lastVisit !== null;
		await this.#refreshKeys();
		if (this.#closed) return;
		// Other members' files, fetched on demand through the group's room: a fetch asked for in
		// a tab that does not hold it takes the room over (groups-background.ts roomHere).
		const peers = groupMediaPeers(this.id);
		const media = new SharedMedia(
			`group:${this.id}`,
			{
				mediaChannels: () => {
					if (!openSession(this.id)) roomHere(this.id).catch(reportFailure);
					return peers.mediaChannels();
				},
				onMediaChannel: peers.onMediaChannel
			},
			await groupMediaSecret(this.id)
		);
		if (this.#closed) return media.close();
		this.#media = media;
		this.#stopPresence = groupPresence(this.id, ({ online, refused }) => {
			this.#online = online;
			this.#refused = refused;
			void this.#refreshKeys();
		});
	}

	async #refreshKeys(): Promise<void> {
		const group = await getGroup(this.id);
		if (!group) return;
		// Per member, of the member's own key (whichever of their devices wrote).
		const view = groupView(group.creator, chainsFromLinks(await groupLinks(this.id)));
		const prints: Record<string, string> = {};
		for (const member of view.members) prints[member.id] = await fingerprint(member.key);
		this.#fingerprints = prints;
		this.#invite = await formatInvite(location.origin, {
			group: group.id,
			e: group.epoch,
			s: group.secret,
			m: group.creator,
			n: this.view?.name ?? group.name
		});
	}

	/** Whether anything can be new: the learner was here before. */
	get visitedBefore(): boolean {
		return this.#visitedBefore;
	}

	/**
	 * What the page shows counts as seen for the next visit (call from an effect; the marks of
	 * this visit stay as they were when it began).
	 */
	trackSeen(): void {
		const view = this.view;
		if (!view || this.#seenAtStart === undefined) return;
		const hashes = [...view.items, ...view.comments].map((x) => x.hash);
		clearTimeout(this.#seenTimer);
		this.#seenTimer = setTimeout(() => void markSeen(this.id, hashes), 1_000);
	}

	/** Leaves the page: what was shown counts as seen. */
	close(): void {
		this.#closed = true;
		clearTimeout(this.#seenTimer);
		this.#stopPresence?.();
		this.#media?.close();
		const view = this.view;
		if (view && this.#seenAtStart)
			void markSeen(
				this.id,
				[...view.items, ...view.comments].map((x) => x.hash)
			);
	}

	async #contribute(...args: Parameters<typeof contribute>) {
		try {
			return await contribute(...args);
		} catch (error) {
			if (error instanceof DeviceNotConfirmedError)
				throw new UserError('groups.deviceNotConfirmed');
			throw error;
		}
	}

	/** Shares the chosen goals (with their evidence and reflections) into the group. */
	share(goalIds: string[]) {
		return actAndSay(async () => {
			const group = await getGroup(this.id);
			if (!group) return;
			const items = projectItems({ kind: 'goals', goalIds }, await shareSource());
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built whole, never changed
			const mine = new Map(
				(this.view?.items ?? [])
					.filter((i) => i.author === group.myMemberId)
					.map((i) => [i.item.id, i.item])
			);
			// Each version one more than any of the member's devices wrote (domain/group/contribution).
			const versions = this.view?.versions.get(group.myMemberId);
			const next = (id: string) => (versions?.get(id) ?? -1) + 1;
			for (const item of items)
				if (JSON.stringify(mine.get(item.id)) !== JSON.stringify(item))
					await this.#contribute(this.id, { t: 'item', item, n: next(item.id) });
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built whole, never changed
			const chosen = new Set(items.map((i) => i.id));
			for (const id of mine.keys())
				if (!chosen.has(id)) await this.#contribute(this.id, { t: 'unshare', id, n: next(id) });
		}, 'groups.shared');
	}

	/** The goals the learner shares in this group now. */
	get sharedGoalIds(): string[] {
		const me = this.group.current?.myMemberId;
		return (this.view?.items ?? [])
			.filter((i) => i.author === me && i.item.kind === 'goal')
			.map((i) => i.item.id);
	}

	/** Comments on an item (or replies to a comment), at a moment of a vlog if `at` is set. */
	comment(
		on: { author: string; item: string },
		text: string,
		parent: string | null = null,
		at: number | null = null
	) {
		return act(async () => {
			if (!text.trim()) throw new UserError('groups.commentEmpty');
			await this.#contribute(this.id, {
				t: 'comment',
				id: crypto.randomUUID(),
				on,
				parent,
				text: text.trim(),
				at
			});
			return true;
		});
	}

	/** Asks the group a question. */
	ask(text: string) {
		return act(async () => {
			if (!text.trim()) throw new UserError('groups.commentEmpty');
			await this.#contribute(this.id, {
				t: 'question',
				id: crypto.randomUUID(),
				text: text.trim()
			});
			return true;
		});
	}

	/** Leaves the group (what was received stays readable here). */
	leave() {
		return actAndSay(async () => {
			const session = openSession(this.id);
			if (session) await session.leave();
			else {
				await this.#contribute(this.id, { t: 'leave' });
				await updateGroup(this.id, { status: 'left' });
			}
		}, 'groups.left');
	}

	/** The creator removes a member; the group moves to a new key (from any tab). */
	remove(member: string) {
		return actAndSay(async () => {
			// Through the tab that holds the group's room (its members online get the removal at
			// once), else through a room of this tab's own.
			const session = openSession(this.id);
			if (session) await session.remove(member);
			else if (!(await removeInHolder(this.id, member)))
				await (await roomHere(this.id)).remove(member);
			await this.#refreshKeys();
		}, 'groups.removed');
	}

	/** Forgets the group on this device. */
	forget() {
		return act(async () => {
			openSession(this.id)?.close();
			await deleteGroup(this.id);
			return true;
		});
	}
}
