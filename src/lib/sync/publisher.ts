import { watchQuery } from '$lib/db/live';
import { listShares, importResponses, myReplies, watchShareSource } from '$lib/db/shares';
import type { ReceivedResponse } from '$lib/db/koers-db';
import { toIsoDate, type IsoDate } from '$lib/domain/dates';
import { chunkBytes, fileManifest } from '$lib/db/files';
import {
	sharedFileHashes,
	SHARE_CONTENT_VERSION,
	type SharedItem
} from '$lib/domain/share/content';
import { projectItems, type ShareSource } from '$lib/domain/share/projection';
import { isActive, type Share } from '$lib/domain/share/share';
import { connectLive, type LiveConnection } from './live';
import { serveMedia } from './media-transfer';
import { mediaKey } from './sealed';
import { addResponse, observeDoc, readResponses, writeContent } from './share-doc';
import { nextExpiryWait } from './share-expiry';

interface Published {
	share: Share;
	/** One document carries the whole share: the peer layer frames messages of any size. */
	connection: LiveConnection;
	stops: (() => void)[];
	/** True once its content was written: from then on (while reachable) the link works. */
	written: boolean;
	/** The items last projected, and from which share and source (replies leave them as they are). */
	projected?: { share: Share; source: ShareSource; today: IsoDate; items: SharedItem[] };
}

/** How a share is doing: the coaches connected, and whether its link finds the learner now. */
export interface PublishStatus {
	peers: number;
	/** Its content is written and its room can be found through signaling. */
	live: boolean;
}

/** Stops the publisher running in this page, if any. */
let stopActive: (() => void) | undefined;

/**
 * The learner's side of live sharing: keeps the documents of every active share connected,
 * rewrites their content from the database whenever the records or the share change (flow 1),
 * puts back content that someone else changed, and imports the responses that arrive (flow 2).
 */
export class Publisher {
	#published = new Map<string, Published>();
	#unwatch: (() => void)[] = [];
	#stopSelf = () => this.stop();
	#stopped = false;
	#shares: Share[] = [];
	#source: ShareSource | undefined;
	#replies: ReceivedResponse[] = [];
	#onStatus: (shareId: string, status: PublishStatus) => void;
	/** Work runs one step after another, so a share is never connected twice. */
	#queue: Promise<void> = Promise.resolve();
	/** Wakes the publisher when the next share expires, so it stops at that moment. */
	#expiryTimer: ReturnType<typeof setTimeout> | undefined;
	/** The shares the last reconcile found active. */
	#wanted = new Set<string>();

	#onError: (error: unknown) => void;

	/**
	 * `onStatus` hears each share's status at each change; `onError` every step that failed (the
	 * queue goes on with the next).
	 */
	constructor(
		onStatus: (shareId: string, status: PublishStatus) => void,
		onError: (error: unknown) => void = (error) => console.error(error)
	) {
		this.#onStatus = onStatus;
		this.#onError = onError;
	}

	/**
	 * Starts following the shares and the records they show. A page runs one publisher: a
	 * second one would join each room beside the first and the two would peer with each other,
	 * so starting one stops any other (the newest wins).
	 */
	start(): void {
		stopActive?.();
		stopActive = this.#stopSelf;
		this.#unwatch.push(
			watchQuery(listShares, {
				next: (shares) => {
					this.#shares = shares;
					this.#enqueue(() => this.#reconcile());
				}
			}),
			// Each table on its own: an edit reads only its table again.
			watchShareSource({
				next: (source) => {
					this.#source = source;
					this.#enqueue(() => this.#writeAll());
				}
			}),
			watchQuery(myReplies, {
				next: (replies) => {
					this.#replies = replies;
					this.#enqueue(() => this.#writeAll());
				}
			})
		);
	}

	/** Disconnects everything (the shares go on: coaches see the learner offline). */
	stop(): void {
		if (stopActive === this.#stopSelf) stopActive = undefined;
		this.#stopped = true;
		clearTimeout(this.#expiryTimer);
		for (const unwatch of this.#unwatch.splice(0)) unwatch();
		for (const published of this.#published.values()) this.#close(published, false);
		this.#published.clear();
	}

	#enqueue(step: () => Promise<void>): void {
		this.#queue = this.#queue.then(step).catch((error: unknown) => this.#onError(error));
	}

	async #reconcile(): Promise<void> {
		if (this.#stopped) return;
		this.#scheduleExpiry();
		const today = toIsoDate();
		const wanted = new Map(this.#shares.filter((s) => isActive(s, today)).map((s) => [s.id, s]));
		this.#wanted = new Set(wanted.keys());
		for (const [id, published] of this.#published) {
			const share = wanted.get(id);
			if (!share || share.room !== published.share.room) {
				// Stopped, expired, deleted or moved to a new room: the coaches learn it ended.
				this.#close(published, true);
				this.#published.delete(id);
			} else published.share = share;
		}
		for (const share of wanted.values()) {
			if (this.#published.has(share.id)) continue;
			const published = await this.#open(share);
			// Stopped while connecting: leave again (the share itself goes on).
			if (this.#stopped) return this.#close(published, false);
			this.#published.set(share.id, published);
			void importResponses(share.id, readResponses(published.connection.doc));
		}
		await this.#writeAll();
	}

	/** Reconciles once an active share has expired; until then checks again at the next expiry. */
	#scheduleExpiry(): void {
		clearTimeout(this.#expiryTimer);
		const wait = nextExpiryWait(this.#shares);
		if (wait === null || this.#stopped) return;
		this.#expiryTimer = setTimeout(() => {
			const today = toIsoDate();
			const expired = this.#shares.some((s) => this.#wanted.has(s.id) && !isActive(s, today));
			if (expired) this.#enqueue(() => this.#reconcile());
			else this.#scheduleExpiry();
		}, wait);
	}

	async #open(share: Share): Promise<Published> {
		const connection = await connectLive(share.room, share.secret);
		const published: Published = { share, connection, stops: [], written: false };
		const report = () => this.#report(published);
		published.stops.push(connection.onPeers(report), connection.onReachable(report));
		const key = await mediaKey(share.secret);
		const serve = (channel: RTCDataChannel) =>
			published.stops.push(serveMedia(channel, key, this.#mediaSource(published)));
		connection.mediaChannels().forEach(serve);
		published.stops.push(connection.onMediaChannel(serve));
		published.stops.push(
			observeDoc(connection.doc, ({ parts, foreign }) => {
				if (parts.has('responses')) void importResponses(share.id, readResponses(connection.doc));
				if (foreign && (parts.has('meta') || parts.has('content')))
					this.#enqueue(() => this.#write(published));
			})
		);
		return published;
	}

	/** The files a share may send: only those of the evidence it shows right now. */
	#mediaSource(published: Published) {
		return {
			manifest: async (sha256: string) => {
				const items = this.#items(published);
				return items && sharedFileHashes(items).has(sha256) ? fileManifest(sha256) : null;
			},
			chunk: chunkBytes
		};
	}

	async #writeAll(): Promise<void> {
		for (const published of this.#published.values()) await this.#write(published);
	}

	/** The items the share shows now, projected again only when the share or the records changed. */
	#items(published: Published): SharedItem[] | null {
		const { share, projected } = published;
		const source = this.#source;
		const today = toIsoDate();
		if (!source) return null;
		if (projected?.share === share && projected.source === source && projected.today === today)
			return projected.items;
		const items = projectItems(share.selection, source, today);
		published.projected = { share, source, today, items };
		return items;
	}

	async #write(published: Published): Promise<void> {
		const items = this.#items(published);
		if (!items || !this.#published.has(published.share.id)) return;
		const { share } = published;
		const doc = published.connection.doc;
		writeContent(
			[doc],
			{
				version: SHARE_CONTENT_VERSION,
				shareId: share.id,
				title: share.title,
				owner: share.owner,
				publishedAt: share.updatedAt
			},
			items
		);
		// The learner's replies to this share's coaches go into its responses part (flow 2 back).
		const present = new Set(readResponses(doc).map((r) => r.id));
		for (const { shareId, receivedAt: _r, readAt: _read, mine: _m, ...reply } of this.#replies)
			if (shareId === share.id && !present.has(reply.id)) addResponse(doc, reply);
		if (!published.written) {
			published.written = true;
			this.#report(published);
		}
	}

	#report({ share, connection, written }: Published): void {
		const live = written && connection.reachable();
		this.#onStatus(share.id, { peers: connection.peerCount(), live });
	}

	#close(published: Published, ended: boolean): void {
		for (const stop of published.stops) stop();
		this.#onStatus(published.share.id, { peers: 0, live: false });
		published.connection.close({ ended });
	}
}
