import type { MessageId } from '$lib/i18n';
import { t } from './locale.svelte';
import { toasts } from './toasts.svelte';

/** Errors whose message is already written for the learner (a message id of the catalogs). */
export class UserError extends Error {
	constructor(readonly messageId: MessageId) {
		super(messageId);
		this.name = 'UserError';
	}
}

/** What went wrong, in words for the learner. */
export function failureMessage(error: unknown): string {
	if (error instanceof UserError) return t(error.messageId);
	const name = (error as { name?: unknown } | null)?.name;
	// Dexie reports a full device as an aborted transaction whose inner error is the quota.
	const inner = (error as { inner?: { name?: unknown } } | null)?.inner?.name;
	if (name === 'StorageFullError') return t('error.storageFull');
	if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') return t('error.deviceFull');
	if (name === 'AbortError') return t('error.cancelled');
	const reason = error instanceof Error ? error.message : String(error);
	return t('error.actionFailed', { reason });
}

/** Says that `error` happened, in a toast the learner can read (and logs it for developers). */
export function reportFailure(error: unknown): void {
	console.error(error);
	toasts.show(failureMessage(error), { tone: 'error' });
}

/**
 * Runs one user action (persist, then tell the learner): a failure becomes an error toast instead
 * of an unhandled rejection, and the caller gets undefined. Every button that writes goes here.
 */
export async function act<T>(work: () => Promise<T>): Promise<T | undefined> {
	try {
		return await work();
	} catch (error) {
		reportFailure(error);
		return undefined;
	}
}

/** Runs one user action and, when it worked, says `done`; true when it worked. */
export async function actAndSay(work: () => Promise<unknown>, done: MessageId): Promise<boolean> {
	const worked = await act(async () => {
		await work();
		return true;
	});
	if (worked) toasts.show(t(done));
	return worked === true;
}
