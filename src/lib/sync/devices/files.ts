/**
 * File bytes between a learner's devices. Attachments travel as ops (their rows carry the
 * file's SHA-256); the bytes travel here, over the group room's "files" channel, with the
 * verified, resumable chunk transfer coach media uses (media-transfer.ts): every chunk is checked
 * against the manifest before it is stored, the whole file against its SHA-256 before it is kept,
 * and a fetch cut off by a lost connection goes on from the first chunk this device lacks.
 *
 * Direction: serve → any stored file another device of the group asks for (paired devices are
 * trusted with every file; the channel is sealed with a key only the group holds);
 * fetch ← the attachments' files this device lacks, up to 25 MB each unless the learner keeps
 * all files on this device, one after another.
 */
import { chunkBytes, fileManifest } from '$lib/db/files';
import { deviceSettings, keepSyncedFile } from '$lib/db/devices';
import { Upload } from '$lib/db/uploads';
import { fetchMedia, MediaFetchError, serveMedia } from '../media-transfer';
import { mediaKey } from '../sealed';
import type { FileChannels, FileSync, SessionStatus } from './session';

/** Files up to this size are copied eagerly; larger ones when asked or when keeping all. */
export const EAGER_FILE_BYTES = 25 * 1024 * 1024;

export interface MissingFile {
	sha256: string;
	size: number;
	type: string;
}

export function deviceFiles(options: {
	missing: () => Promise<MissingFile[]>;
	onProgress: (file: SessionStatus['file']) => void;
	/** Larger files asked for now (on demand), by SHA-256. */
	wanted?: () => ReadonlySet<string>;
}): FileSync {
	const keys = new Map<string, Promise<CryptoKey>>();
	const keyOf = (secret: string) => {
		let key = keys.get(secret);
		if (!key) keys.set(secret, (key = mediaKey(secret)));
		return key;
	};
	/** Files that failed their check in this visit are not asked for again until reload. */
	const failed = new Set<string>();

	return {
		serve(channel, secret) {
			let stop: (() => void) | undefined;
			let stopped = false;
			void keyOf(secret).then((key) => {
				if (!stopped)
					stop = serveMedia(channel, key, { manifest: fileManifest, chunk: chunkBytes });
			});
			return () => {
				stopped = true;
				stop?.();
			};
		},

		async fetchMissing(channels: FileChannels, secret: string, signal: AbortSignal) {
			const key = await keyOf(secret);
			const { keepAllFiles } = await deviceSettings();
			const wanted = options.wanted?.() ?? new Set<string>();
			const list = (await options.missing()).filter(
				(file) =>
					!failed.has(file.sha256) &&
					(keepAllFiles || file.size <= EAGER_FILE_BYTES || wanted.has(file.sha256))
			);
			for (const file of list) {
				if (signal.aborted) return;
				const upload = await Upload.fetch(
					file.sha256,
					{ what: 'fetch', name: file.sha256 },
					file.size
				);
				try {
					const manifest = await fetchMedia({
						sha256: file.sha256,
						size: file.size,
						key,
						peers: { current: channels.current, onChannel: channels.onChannel },
						sink: {
							has: (hash) => upload.hasChunk(hash),
							read: chunkBytes,
							put: (hash, bytes) => upload.putChunk(hash, bytes, { handOver: true })
						},
						signal,
						onProgress: (p) =>
							options.onProgress({ sha256: file.sha256, done: p.done, total: p.total })
					});
					await keepSyncedFile({ ...file, chunks: manifest.chunks }, upload);
				} catch (error) {
					if (error instanceof MediaFetchError) {
						failed.add(file.sha256);
						await upload.discard();
					} else if (signal.aborted) return;
					else throw error;
				} finally {
					await upload.close();
					options.onProgress(null);
				}
			}
		}
	};
}
