import { createSubscriber } from 'svelte/reactivity';
import type { ShareContent } from '$lib/domain/share/content';
import type { ShareResponse } from '$lib/domain/share/responses';
import type { LiveConnection } from '$lib/sync/live';

/** Opens page `index` of the live share the reader follows. */
export type PageOpener = (index: number) => Promise<LiveConnection>;

/**
 * What a coach or peer sees of a share: its content and all responses, reactive. A live share
 * follows its document; a snapshot is fixed and collects this browser's responses for a reply.
 */
export class ReceivedShare {
	#content = $state.raw<ShareContent | null>(null);
	#responses = $state.raw<ShareResponse[]>([]);
	#peers = $state(0);
	#refused = $state(0);
	#connection: LiveConnection | undefined;
	#pages: LiveConnection[] = [];
	#recordId: string;
	#subscribe: (() => void) | undefined;

	constructor(
		recordId: string,
		source:
			| { connection: LiveConnection; openPage: PageOpener }
			| { content: ShareContent; responses: ShareResponse[] }
	) {
		this.#recordId = recordId;
		if ('connection' in source) {
			this.#connection = source.connection;
			this.#pages = [source.connection];
			const connection = source.connection;
			const openPage = source.openPage;
			this.#subscribe = createSubscriber((update) => {
				const stops: (() => void)[] = [];
				let closed = false;
				void import('$lib/sync/share-doc').then(
					({ observeDoc, readContent, readPageCount, readResponses }) => {
						const read = () => {
							this.#content = readContent(this.#pages.map((page) => page.doc));
							this.#responses = readResponses(connection.doc);
							update();
							void follow();
						};
						/** Opens the further pages that page 0 announces, one at a time, in order. */
						let following: Promise<void> | undefined;
						const follow = () =>
							(following ??= (async () => {
								while (!closed && this.#pages.length < readPageCount(connection.doc)) {
									const page = await openPage(this.#pages.length);
									if (closed) return page.close();
									this.#pages.push(page);
									stops.push(observeDoc(page.doc, read));
									stops.push(page.onRefused(() => this.#refused++));
								}
							})().finally(() => {
								following = undefined;
								if (!closed && this.#pages.length < readPageCount(connection.doc)) void follow();
							}));
						stops.push(observeDoc(connection.doc, read));
						// The learner may have been met while this code loaded: now, then each change.
						this.#peers = connection.peerCount();
						stops.push(connection.onPeers((count) => (this.#peers = count)));
						stops.push(connection.onRefused(() => this.#refused++));
						read();
					}
				);
				return () => {
					closed = true;
					stops.forEach((stop) => stop());
				};
			});
		} else {
			this.#content = source.content;
			this.#responses = source.responses;
		}
	}

	/** True for a live share (feedback reaches the learner as soon as both are online). */
	get live(): boolean {
		return this.#connection !== undefined;
	}

	get content(): ShareContent | null {
		this.#subscribe?.();
		return this.#content;
	}

	get responses(): ShareResponse[] {
		this.#subscribe?.();
		return this.#responses;
	}

	get peers(): number {
		return this.#peers;
	}

	/** How many updates from the other side were refused (unreadable or hostile) and left out. */
	get refused(): number {
		return this.#refused;
	}

	/** Adds feedback or a sign-off: to the document (live) or to this browser's reply (snapshot). */
	async respond(response: ShareResponse): Promise<void> {
		if (this.#connection) {
			const { addResponse } = await import('$lib/sync/share-doc');
			addResponse(this.#connection.doc, response);
		} else {
			const { addMyResponse } = await import('$lib/db/received-shares');
			await addMyResponse(this.#recordId, response);
			this.#responses = [...this.#responses, response];
		}
	}

	/** Disconnects a live share. */
	close(): void {
		for (const page of this.#pages) page.close();
	}
}
