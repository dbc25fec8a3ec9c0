import * as v from 'valibot';

/**
 * Share links. Everything secret sits in the #fragment, which browsers never send to a server:
 *   live     /open#k=live&r=<room>&s=<secret>
 *   snapshot /open#k=snap&i=<shareId>&s=<secret>&d=<sealed content>
 *   reply    /open#k=reply&i=<shareId>&d=<sealed responses>
 *   file key /open#k=file&i=<shareId>&s=<secret>  (the share file itself travels separately)
 */
const b64url = (min: number, max: number) =>
	v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.minLength(min), v.maxLength(max));

/** 32 random bytes in base64url. */
export const SecretSchema = b64url(43, 43);
const RoomSchema = b64url(16, 64);
const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
/** A sealed payload may not exceed what a link can carry. */
export const MAX_LINK_PAYLOAD = 400_000;

export const ShareLinkSchema = v.variant('k', [
	v.object({ k: v.literal('live'), r: RoomSchema, s: SecretSchema }),
	v.object({ k: v.literal('snap'), i: IdSchema, s: SecretSchema, d: b64url(16, MAX_LINK_PAYLOAD) }),
	v.object({ k: v.literal('reply'), i: IdSchema, d: b64url(16, MAX_LINK_PAYLOAD) }),
	v.object({ k: v.literal('file'), i: IdSchema, s: SecretSchema })
]);
export type ShareLink = v.InferOutput<typeof ShareLinkSchema>;

/** Reads a link's fragment (with or without "#"); null when it is not a valid Koers link. */
export function parseShareFragment(fragment: string): ShareLink | null {
	if (fragment.length > MAX_LINK_PAYLOAD + 200) return null;
	const params = new URLSearchParams(fragment.replace(/^#/, ''));
	const raw: Record<string, string> = {};
	for (const [key, value] of params) raw[key] = value;
	const result = v.safeParse(ShareLinkSchema, raw);
	return result.success ? result.output : null;
}

/** Reads a pasted link or bare fragment. */
export function parseShareUrl(text: string): ShareLink | null {
	const hash = text.trim().indexOf('#');
	return hash === -1 ? null : parseShareFragment(text.trim().slice(hash));
}

/** Builds a link to `/open` on `origin` carrying `link` in its fragment. */
export function formatShareLink(origin: string, link: ShareLink): string {
	const params = new URLSearchParams(link as unknown as Record<string, string>);
	return `${origin}/open#${params.toString()}`;
}

/** The safe size for a snapshot link (bytes of URL) before it should be refused. */
export const SAFE_LINK_BYTES = 32 * 1024;

/**
 * What a live share can carry: its text is split over at most 32 documents of 120 KiB each,
 * because y-webrtc sends a document's first sync as one data-channel message and messages above
 * 256 KiB are lost (y-webrtc issue #20). See sync/share-doc.ts.
 */
export const LIVE_SAFE_BYTES = 32 * 120 * 1024;

/**
 * A fragment that `decodeURIComponent` cannot read (a malformed escape such as "%E0%A4%A")
 * with every "%" escaped, so it reads as the text it is; null when it reads as it is.
 */
export function repairedFragment(hash: string): string | null {
	let decoded: string;
	try {
		decoded = decodeURIComponent(hash);
	} catch {
		return hash.replace(/%/g, '%25');
	}
	// The decoded text is used, so a minifier that takes decodeURIComponent for pure keeps the call.
	return decoded.length >= 0 ? null : hash;
}
