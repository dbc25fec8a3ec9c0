import type { EvidenceFormat } from '$lib/domain/vocab';

/**
 * Web Share Target: when the learner shares a file to the installed app (the phone's share
 * sheet), the browser POSTs it to SHARE_TARGET_PATH. The service worker keeps it in a local
 * inbox (Cache Storage, never sent anywhere) and opens the new-evidence form, which takes it
 * from there. "Delete everything" removes the inbox too.
 */
export const SHARE_TARGET_PATH = '/share-target';
export const INBOX_CACHE = 'shared-inbox';
const META = 'meta';
export const MAX_SHARED_FILES = 20;

export interface SharedMeta {
	title: string;
	text: string;
	url: string;
	files: { name: string; type: string }[];
}

/** Service worker: keeps what was shared in the inbox; returns the form to continue in. */
export async function keepShared(request: Request, base: string): Promise<Response> {
	const form = await request.formData();
	const files = form
		.getAll('files')
		.filter((f): f is File => f instanceof File && f.size > 0)
		.slice(0, MAX_SHARED_FILES);
	const text = (name: string) => String(form.get(name) ?? '').slice(0, 5_000);
	const meta: SharedMeta = {
		title: text('title'),
		text: text('text'),
		url: text('url'),
		files: files.map((f) => ({ name: f.name.slice(0, 255), type: f.type }))
	};
	await caches.delete(INBOX_CACHE);
	const inbox = await caches.open(INBOX_CACHE);
	await inbox.put(`${base}/${META}`, new Response(JSON.stringify(meta)));
	for (const [i, file] of files.entries()) await inbox.put(`${base}/${i}`, new Response(file));
	return Response.redirect(`${base}/evidence/new?shared=1`, 303);
}

/** Page: takes what was shared out of the inbox (once), or null when it is empty. */
export async function takeShared(base: string): Promise<(SharedMeta & { blobs: File[] }) | null> {
	if (!('caches' in globalThis) || !(await caches.has(INBOX_CACHE))) return null;
	const inbox = await caches.open(INBOX_CACHE);
	const metaResponse = await inbox.match(`${base}/${META}`);
	if (!metaResponse) return null;
	const meta = (await metaResponse.json()) as SharedMeta;
	const blobs: File[] = [];
	for (const [i, file] of (meta.files ?? []).slice(0, MAX_SHARED_FILES).entries()) {
		const response = await inbox.match(`${base}/${i}`);
		if (response)
			blobs.push(new File([await response.blob()], file.name || 'file', { type: file.type }));
	}
	await caches.delete(INBOX_CACHE);
	return {
		title: String(meta.title ?? ''),
		text: String(meta.text ?? ''),
		url: String(meta.url ?? ''),
		files: meta.files,
		blobs
	};
}

/** The evidence format a shared file suggests. */
export function formatForFile(type: string): EvidenceFormat {
	if (type.startsWith('video/')) return 'vlog';
	if (type.startsWith('audio/')) return 'audio';
	if (type.startsWith('image/')) return 'photo';
	return 'other';
}
