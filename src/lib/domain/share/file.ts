import * as v from 'valibot';

/**
 * A share file or reply file: a small JSON envelope around a sealed payload. The key is not in
 * the file; it travels in a separate link, so the file alone reveals nothing.
 */
export const SHARE_FILE_FORMAT = 'koers-share';
/** Files above this size are refused before they are read. */
export const MAX_SHARE_FILE_BYTES = 50 * 1024 * 1024;

export const ShareFileSchema = v.object({
	format: v.literal(SHARE_FILE_FORMAT),
	version: v.literal(1),
	kind: v.picklist(['share', 'reply']),
	shareId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/)),
	payload: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.maxLength(MAX_SHARE_FILE_BYTES))
});
export type ShareFile = v.InferOutput<typeof ShareFileSchema>;

/** Reads a share or reply file's text; null when it is not one. */
export function parseShareFile(text: string): ShareFile | null {
	try {
		const result = v.safeParse(ShareFileSchema, JSON.parse(text));
		return result.success ? result.output : null;
	} catch {
		return null;
	}
}

/** The file's text for an envelope. */
export function formatShareFile(file: Omit<ShareFile, 'format' | 'version'>): string {
	return JSON.stringify({ format: SHARE_FILE_FORMAT, version: 1, ...file });
}
