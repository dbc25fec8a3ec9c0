import { Zip, ZipPassThrough } from 'fflate';
import { attachmentsOf } from '$lib/db/attachments';
import { readFile, type ByteProgress } from '$lib/db/files';
import type { PeActivity } from '$lib/domain/pe/activity';
import { safeFileName, uniqueNames } from './file-names';

/**
 * Streams the certificates of `activities` into a ZIP named "date title - file", storing them
 * as they are (certificates are already compressed). Reads one chunk at a time.
 */
export async function zipCertificates(
	activities: readonly PeActivity[],
	options: { signal?: AbortSignal; onProgress?: (progress: ByteProgress) => void } = {}
): Promise<{ blob: Blob; count: number }> {
	const entries = (
		await Promise.all(
			activities.map(async (activity) =>
				(await attachmentsOf(activity.id)).map((attachment) => ({ activity, attachment }))
			)
		)
	).flat();
	const names = uniqueNames(
		entries.map(({ activity, attachment }) =>
			safeFileName(`${activity.endDate} ${activity.title} - ${attachment.name}`)
		)
	);
	const total = entries.reduce((sum, e) => sum + e.attachment.size, 0);
	const parts: Uint8Array[] = [];
	let failed: unknown;
	const zip = new Zip((error, chunk) => {
		if (error) failed = error;
		else parts.push(chunk);
	});
	let done = 0;
	for (const [i, { attachment }] of entries.entries()) {
		const file = new ZipPassThrough(names[i]!);
		zip.add(file);
		const reader = (await readFile(attachment.sha256)).stream().getReader();
		for (;;) {
			options.signal?.throwIfAborted();
			const { value, done: finished } = await reader.read();
			if (finished) break;
			file.push(value);
			done += value.byteLength;
			options.onProgress?.({ done, total });
		}
		file.push(new Uint8Array(0), true);
	}
	zip.end();
	if (failed) throw failed;
	return {
		blob: new Blob(parts as BlobPart[], { type: 'application/zip' }),
		count: entries.length
	};
}
