import { liveQuery, type Subscription } from 'dexie';
import { listShares, importResponses, shareSource } from '$lib/db/shares';
import { toIsoDate } from '$lib/domain/dates';
import { projectItems, SHARE_CONTENT_VERSION, type ShareSource } from '$lib/domain/share/content';
import { isActive, type Share } from '$lib/domain/share/share';
import { connectLive, type LiveConnection } from './live';
import { observeDoc, readResponses, writeContent } from './share-doc';

interface Published {
	share: Share;
	connection: LiveConnection;
	stop: () => void;
}

/**
 * The learner's side of live sharing: keeps one document per active share connected, rewrites
 * its content from the database whenever the records or the share change (flow 1), puts back
 * content that someone else changed, and imports the responses that arrive (flow 2).
 */
export class Publisher {
	#published = new Map<string, Published>();
	#subscriptions: Subscription[] = [];
	#shares: Share[] = [];
	#source: ShareSource | undefined;
	#onPeers: (shareId: string, count: number) => void;
	/** Reconciliations run one after another, so a share is never connected twice. */
	#queue: Promise<void> = Promise.resolve();

	constructor(onPeers: (shareId: string, count: number) => void) {
		this.#onPeers = onPeers;
	}

	/** Starts following the shares and the records they show. */
	start(): void {
		this.#subscriptions.push(
			liveQuery(listShares).subscribe((shares) => {
				this.#shares = shares;
				this.#queue = this.#queue.then(() => this.#reconcile()).catch(() => {});
			}),
			liveQuery(shareSource).subscribe((source) => {
				this.#source = source;
				for (const published of this.#published.values()) this.#write(published);
			})
		);
	}

	/** Disconnects everything. */
	stop(): void {
		for (const subscription of this.#subscriptions) subscription.unsubscribe();
		for (const published of this.#published.values()) this.#close(published);
		this.#published.clear();
	}

	async #reconcile(): Promise<void> {
		const today = toIsoDate();
		const wanted = new Map(this.#shares.filter((s) => isActive(s, today)).map((s) => [s.id, s]));
		for (const [id, published] of this.#published) {
			const share = wanted.get(id);
			if (!share || share.room !== published.share.room) {
				this.#close(published);
				this.#published.delete(id);
			} else {
				published.share = share;
				this.#write(published);
			}
		}
		for (const share of wanted.values()) {
			if (this.#published.has(share.id)) continue;
			const connection = await connectLive(share.room, share.secret);
			const published: Published = { share, connection, stop: () => {} };
			const offPeers = connection.onPeers((count) => this.#onPeers(share.id, count));
			const offDoc = observeDoc(connection.doc, ({ part, foreign }) => {
				if (part === 'responses') void importResponses(share.id, readResponses(connection.doc));
				else if (foreign) this.#write(published);
			});
			published.stop = () => {
				offPeers();
				offDoc();
			};
			this.#published.set(share.id, published);
			this.#write(published);
			void importResponses(share.id, readResponses(connection.doc));
		}
	}

	#write({ share, connection }: Published): void {
		if (!this.#source) return;
		writeContent(
			connection.doc,
			{
				version: SHARE_CONTENT_VERSION,
				shareId: share.id,
				title: share.title,
				owner: share.owner,
				publishedAt: share.updatedAt
			},
			projectItems(share.selection, this.#source)
		);
	}

	#close(published: Published): void {
		published.stop();
		this.#onPeers(published.share.id, 0);
		published.connection.close();
	}
}
