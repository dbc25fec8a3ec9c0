import { liveQuery, type Subscription } from 'dexie';
import { listShares, importResponses, myReplies, shareSource } from '$lib/db/shares';
import type { ReceivedResponse } from '$lib/db/koers-db';
import { toIsoDate } from '$lib/domain/dates';
import { chunkBytes, fileManifest } from '$lib/db/files';
import {
	projectItems,
	sharedFileHashes,
	SHARE_CONTENT_VERSION,
	type ShareSource
} from '$lib/domain/share/content';
import { isActive, type Share } from '$lib/domain/share/share';
import { connectLive, type LiveConnection } from './live';
import { serveMedia } from './media-transfer';
import { mediaKey } from './sealed';
import {
	addResponse,
	observeDoc,
	pageRoom,
	pagesNeeded,
	readResponses,
	writeContent
} from './share-doc';

interface Published {
	share: Share;
	/** Page 0 first; more pages are opened as the content grows. */
	pages: LiveConnection[];
	stops: (() => void)[];
}

/**
 * The learner's side of live sharing: keeps the documents of every active share connected,
 * rewrites their content from the database whenever the records or the share change (flow 1),
 * puts back content that someone else changed, and imports the responses that arrive (flow 2).
 */
export class Publisher {
	#published = new Map<string, Published>();
	#subscriptions: Subscription[] = [];
	#shares: Share[] = [];
	#source: ShareSource | undefined;
	#replies: ReceivedResponse[] = [];
	#onPeers: (shareId: string, count: number) => void;
	/** Work runs one step after another, so a share is never connected twice. */
	#queue: Promise<void> = Promise.resolve();

	constructor(onPeers: (shareId: string, count: number) => void) {
		this.#onPeers = onPeers;
	}

	/** Starts following the shares and the records they show. */
	start(): void {
		this.#subscriptions.push(
			liveQuery(listShares).subscribe((shares) => {
				this.#shares = shares;
				this.#enqueue(() => this.#reconcile());
			}),
			liveQuery(shareSource).subscribe((source) => {
				this.#source = source;
				this.#enqueue(() => this.#writeAll());
			}),
			liveQuery(myReplies).subscribe((replies) => {
				this.#replies = replies;
				this.#enqueue(() => this.#writeAll());
			})
		);
	}

	/** Disconnects everything. */
	stop(): void {
		for (const subscription of this.#subscriptions) subscription.unsubscribe();
		for (const published of this.#published.values()) this.#close(published);
		this.#published.clear();
	}

	#enqueue(step: () => Promise<void>): void {
		this.#queue = this.#queue.then(step).catch(() => {});
	}

	async #reconcile(): Promise<void> {
		const today = toIsoDate();
		const wanted = new Map(this.#shares.filter((s) => isActive(s, today)).map((s) => [s.id, s]));
		for (const [id, published] of this.#published) {
			const share = wanted.get(id);
			if (!share || share.room !== published.share.room) {
				this.#close(published);
				this.#published.delete(id);
			} else published.share = share;
		}
		for (const share of wanted.values()) {
			if (this.#published.has(share.id)) continue;
			const published: Published = { share, pages: [], stops: [] };
			this.#published.set(share.id, published);
			await this.#openPage(published, 0);
			void importResponses(share.id, readResponses(published.pages[0]!.doc));
		}
		await this.#writeAll();
	}

	async #openPage(published: Published, index: number): Promise<void> {
		const { share } = published;
		const connection = await connectLive(pageRoom(share.room, index), share.secret);
		published.pages[index] = connection;
		if (index === 0) {
			published.stops.push(connection.onPeers((count) => this.#onPeers(share.id, count)));
			const key = await mediaKey(share.secret);
			const serve = (channel: RTCDataChannel) =>
				published.stops.push(serveMedia(channel, key, this.#mediaSource(published)));
			connection.mediaChannels().forEach(serve);
			published.stops.push(connection.onMediaChannel(serve));
		}
		published.stops.push(
			observeDoc(connection.doc, ({ part, foreign }) => {
				if (part === 'responses' && index === 0)
					void importResponses(share.id, readResponses(connection.doc));
				else if (foreign && part !== 'responses') this.#enqueue(() => this.#write(published));
			})
		);
	}

	/** The files a share may send: only those of the evidence it shows right now. */
	#mediaSource(published: Published) {
		return {
			manifest: async (sha256: string) => {
				if (!this.#source) return null;
				const items = projectItems(published.share.selection, this.#source);
				return sharedFileHashes(items).has(sha256) ? fileManifest(sha256) : null;
			},
			chunk: chunkBytes
		};
	}

	async #writeAll(): Promise<void> {
		for (const published of this.#published.values()) await this.#write(published);
	}

	async #write(published: Published): Promise<void> {
		if (!this.#source || !this.#published.has(published.share.id)) return;
		const { share } = published;
		const items = projectItems(share.selection, this.#source);
		const needed = pagesNeeded(items);
		for (let index = published.pages.length; index < needed; index++)
			await this.#openPage(published, index);
		writeContent(
			published.pages.map((page) => page.doc),
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
		const doc = published.pages[0]!.doc;
		const present = new Set(readResponses(doc).map((r) => r.id));
		for (const { shareId, receivedAt: _r, readAt: _read, mine: _m, ...reply } of this.#replies)
			if (shareId === share.id && !present.has(reply.id)) addResponse(doc, reply);
	}

	#close(published: Published): void {
		for (const stop of published.stops) stop();
		this.#onPeers(published.share.id, 0);
		for (const page of published.pages) page.close();
	}
}
