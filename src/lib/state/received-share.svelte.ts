import { createSubscriber } from 'svelte/reactivity';
import { addMyResponse } from '$lib/db/received-shares';
import type { ShareContent } from '$lib/domain/share/content';
import type { ShareResponse } from '$lib/domain/share/responses';
import type { LiveConnection } from '$lib/sync/live';

/**
 * What a coach or peer sees of a share: its content and all responses, reactive. A live share
 * follows its document; a snapshot is fixed and collects this browser's responses for a reply.
 */
export class ReceivedShare {
	#content = $state.raw<ShareContent | null>(null);
	#responses = $state.raw<ShareResponse[]>([]);
	#peers = $state(0);
	#connection: LiveConnection | undefined;
	#recordId: string;
	#subscribe: (() => void) | undefined;

	constructor(
		recordId: string,
		source: { connection: LiveConnection } | { content: ShareContent; responses: ShareResponse[] }
	) {
		this.#recordId = recordId;
		if ('connection' in source) {
			this.#connection = source.connection;
			const connection = source.connection;
			this.#subscribe = createSubscriber((update) => {
				let stop = () => {};
				void import('$lib/sync/share-doc').then(({ observeDoc, readContent, readResponses }) => {
					const read = () => {
						this.#content = readContent(connection.doc);
						this.#responses = readResponses(connection.doc);
						update();
					};
					read();
					const offDoc = observeDoc(connection.doc, read);
					const offPeers = connection.onPeers((count) => (this.#peers = count));
					stop = () => {
						offDoc();
						offPeers();
					};
				});
				return () => stop();
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

	/** Adds feedback or a sign-off: to the document (live) or to this browser's reply (snapshot). */
	async respond(response: ShareResponse): Promise<void> {
		if (this.#connection) {
			const { addResponse } = await import('$lib/sync/share-doc');
			addResponse(this.#connection.doc, response);
		} else {
			await addMyResponse(this.#recordId, response);
			this.#responses = [...this.#responses, response];
		}
	}

	/** Disconnects a live share. */
	close(): void {
		this.#connection?.close();
	}
}
