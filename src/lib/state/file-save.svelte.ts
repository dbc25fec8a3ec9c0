import type { AttachmentChanges } from '$lib/db/attachments';
import type { ByteProgress } from '$lib/db/files';
import type { MessageId } from '$lib/i18n';

/** A save that streams files: its progress, a way to cancel it, and what went wrong. */
export class FileSave {
	progress = $state<ByteProgress>();
	#controller: AbortController | undefined;

	/** True while saving. */
	get busy(): boolean {
		return this.progress !== undefined;
	}

	/**
	 * Runs `save` with a signal and a progress callback; resolves with null on success or the
	 * message explaining the failure (full storage, cancelled, other).
	 */
	async run(
		files: readonly File[],
		save: (changes: Required<Pick<AttachmentChanges, 'signal' | 'onProgress'>>) => Promise<void>
	): Promise<MessageId | null> {
		this.#controller = new AbortController();
		this.progress = { done: 0, total: files.reduce((sum, file) => sum + file.size, 0) };
		try {
			await save({ signal: this.#controller.signal, onProgress: (p) => (this.progress = p) });
			return null;
		} catch (error) {
			if (error instanceof Error && error.name === 'StorageFullError') return 'error.storageFull';
			if (error instanceof DOMException && error.name === 'AbortError') return 'error.cancelled';
			return 'error.saveFailed';
		} finally {
			this.progress = undefined;
		}
	}

	/** Stops the running save; nothing of it is kept. */
	cancel(): void {
		this.#controller?.abort();
	}
}
