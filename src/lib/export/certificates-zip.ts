import { attachmentsOf } from '$lib/db/attachments';
import { readFile } from '$lib/db/files';
import type { PeActivity } from '$lib/domain/pe/activity';
import type { LongWork } from './backup-zip';
import { safeFileName, uniqueNames } from './file-names';
import { BlobReader, ZipWriter } from './zip';

/** The certificates of `activities`, each named "date title - file" (names made unique). */
async function certificateEntries(activities: readonly PeActivity[]) {
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
	return entries.map(({ attachment }, i) => ({ attachment, name: names[i]! }));
}

/**
 * Streams the certificates of `activities` as a ZIP into `sink` (the same save target as the
 * backup), storing them as they are (certificates are already compressed). Files are read chunk
 * by chunk, so no certificate sits in memory whole. Returns how many went in; with none the sink
 * is left untouched.
 */
export async function zipCertificates(
	activities: readonly PeActivity[],
	sink: () => Promise<WritableStream<Uint8Array>>,
	work: LongWork = {}
): Promise<number> {
	const entries = await certificateEntries(activities);
	if (entries.length === 0) return 0;
	const total = entries.reduce((sum, e) => sum + e.attachment.size, 0);
	const writable = await sink();
	const zip = new ZipWriter(writable, { signal: work.signal, lastModDate: new Date() });
	let done = 0;
	try {
		for (const { attachment, name } of entries) {
			const before = done;
			await zip.add(name, new BlobReader(await readFile(attachment.sha256)), {
				level: 0,
				signal: work.signal,
				onprogress: async (progress) => {
					done = before + progress;
					work.onProgress?.({ done, total });
				}
			});
			done = before + attachment.size;
		}
		await zip.close();
	} catch (error) {
		await writable.abort(error).catch(() => {});
		throw error;
	}
	return entries.length;
}
