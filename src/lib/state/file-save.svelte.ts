import type { AttachmentChanges } from '$lib/db/attachments';
import type { ByteProgress } from '$lib/db/files';
import type { MessageId } from '$lib/i18n';

/** Files to add to and remove from a record as it is saved (for forms with files). */
export type { AttachmentChanges };

/** A save that streams files: its progress, a way to cancel it, and what went wrong. */
let running = 0;

/** How many saves with files are under way in this tab (closing it then asks first). */
export function fileSavesRunning(): number {
	return running;
}

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
		running++;
		try {
			await save({ signal: this.#controller.signal, onProgress: (p) => (this.progress = p) });
			return null;
		} catch (error) {
			if (error instanceof Error && error.name === 'StorageFullError') return 'error.storageFull';
			if (error instanceof DOMException && error.name === 'AbortError') return 'error.cancelled';
			return 'error.saveFailed';
		} finally {
			running--;
			this.progress = undefined;
		}
	}

	/**
	 * A form's save with files (the Form's `save`): runs `write` with the files to add, the
	 * attachments to remove, the signal and the progress; resolves with why it failed, if it did.
	 */
	async save(
		files: readonly File[],
		removeAttachmentIds: readonly string[],
		write: (changes: AttachmentChanges) => Promise<void>
	): Promise<MessageId | undefined> {
		const failure = await this.run(files, (stream) =>
			write({ files, removeAttachmentIds, ...stream })
		);
		return failure ?? undefined;
	}

	/** Stops the running save; nothing of it is kept. */
	cancel(): void {
		this.#controller?.abort();
	}
}
