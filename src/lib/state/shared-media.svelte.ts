import { chunkBytes, StorageFullError } from '$lib/db/files';
import { Upload } from '$lib/db/uploads';
import { keepReceivedFile, readReceivedFile, receivedFileHashes } from '$lib/db/received-media';
import type { LiveConnection } from '$lib/sync/live';
import type { FetchProgress } from '$lib/sync/media-transfer';

/** Where one file of a live share stands on the coach's side. */
export type MediaStatus =
	| { phase: 'queued' }
	| ({ phase: FetchProgress['phase'] } & Omit<FetchProgress, 'phase'>)
	| { phase: 'done'; url: string }
	| { phase: 'failed'; reason: 'mismatch' | 'storageFull' | 'other' };

/** A file named in a share, with what is needed to fetch it. */
export interface SharedFile {
	sha256: string;
	size: number;
	type: string;
}

/**
 * The media of a live share as the coach sees it: files already fetched play at once; others
 * are fetched on demand, one at a time, with progress, cancel, and resume when the learner
 * comes back online.
 */
export class SharedMedia {
	#status = $state<Record<string, MediaStatus>>({});
	#recordId: string;
	#connection: Pick<LiveConnection, 'mediaChannels' | 'onMediaChannel'>;
	#secret: string;
	#queue: Promise<void> = Promise.resolve();
	#controllers: Record<string, AbortController> = {};
	#urls: string[] = [];
	#closed = false;

	constructor(
		recordId: string,
		connection: Pick<LiveConnection, 'mediaChannels' | 'onMediaChannel'>,
		secret: string
	) {
		this.#recordId = recordId;
		this.#connection = connection;
		this.#secret = secret;
		void this.#loadKept();
	}

	/** The status of a file, if it was fetched or asked for in this visit. */
	status(sha256: string): MediaStatus | undefined {
		return this.#status[sha256];
	}

	/** A playable URL for a fetched file. */
	url(sha256: string): string | undefined {
		const status = this.#status[sha256];
		return status?.phase === 'done' ? status.url : undefined;
	}

	/** Asks for a file; it is fetched after the ones asked for before. */
	fetch(file: SharedFile): void {
		const current = this.#status[file.sha256];
		if (current && current.phase !== 'failed') return;
		const controller = new AbortController();
		this.#controllers[file.sha256] = controller;
		this.#status[file.sha256] = { phase: 'queued' };
		this.#queue = this.#queue.then(() => this.#run(file, controller.signal));
	}

	/** Stops fetching a file; the chunks already stored are kept to resume later. */
	cancel(sha256: string): void {
		this.#controllers[sha256]?.abort();
		delete this.#status[sha256];
	}

	/** Stops every fetch and frees the URLs. */
	close(): void {
		this.#closed = true;
		for (const controller of Object.values(this.#controllers)) controller.abort();
		for (const url of this.#urls) URL.revokeObjectURL(url);
	}

	async #loadKept(): Promise<void> {
		for (const sha256 of await receivedFileHashes(this.#recordId)) await this.#show(sha256);
	}

	async #show(sha256: string): Promise<void> {
		const blob = await readReceivedFile(this.#recordId, sha256);
		if (!blob || this.#closed) return;
		const url = URL.createObjectURL(blob);
		this.#urls.push(url);
		this.#status[sha256] = { phase: 'done', url };
	}

	async #run(file: SharedFile, signal: AbortSignal): Promise<void> {
		if (signal.aborted) return;
		const [{ fetchMedia, MediaFetchError }, { mediaKey }] = await Promise.all([
			import('$lib/sync/media-transfer'),
			import('$lib/sync/sealed')
		]);
		const connection = this.#connection;
		// What an earlier visit stored of this file stays held by the fetch, to resume from.
		const upload = await Upload.fetch(file.sha256, { what: 'fetch', name: file.sha256 }, file.size);
		try {
			const manifest = await fetchMedia({
				sha256: file.sha256,
				size: file.size,
				key: await mediaKey(this.#secret),
				peers: {
					current: () => connection.mediaChannels(),
					onChannel: (listener) => connection.onMediaChannel(listener)
				},
				sink: {
					has: (hash) => upload.hasChunk(hash),
					read: chunkBytes,
					put: (hash, bytes) => upload.putChunk(hash, bytes, { handOver: true })
				},
				signal,
				onProgress: (progress) => {
					if (!signal.aborted) this.#status[file.sha256] = { ...progress };
				}
			});
			const kept = {
				sha256: file.sha256,
				size: file.size,
				type: file.type,
				chunks: manifest.chunks
			};
			await keepReceivedFile(this.#recordId, kept, upload);
			await this.#show(file.sha256);
		} catch (error) {
			if (signal.aborted) return;
			if (error instanceof MediaFetchError) await upload.discard();
			const reason =
				error instanceof MediaFetchError
					? 'mismatch'
					: error instanceof StorageFullError
						? 'storageFull'
						: 'other';
			this.#status[file.sha256] = { phase: 'failed', reason };
		} finally {
			await upload.close();
			delete this.#controllers[file.sha256];
		}
	}
}
