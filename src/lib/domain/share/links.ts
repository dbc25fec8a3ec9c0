import * as v from 'valibot';

/**
 * Share links. Everything secret sits in the #fragment, which browsers never send to a server:
 *   live     /open#k=live&r=<room>&s=<secret>&c=<check>
 *   snapshot /open#k=snap&i=<shareId>&s=<secret>&d=<sealed content>
 *   reply    /open#k=reply&i=<shareId>&d=<sealed responses>
 *   file key /open#k=file&i=<shareId>&s=<secret>&c=<check>  (the share file travels separately)
 * The check (CRC-32 of room or id and secret) catches a changed character before anything is
 * stored or a peer is waited for; a snapshot's sealed content and a reply carry their own proof.
 */
const b64url = (min: number, max: number) =>
	v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.minLength(min), v.maxLength(max));

/** 32 random bytes in base64url. */
export const SecretSchema = b64url(43, 43);
const RoomSchema = b64url(16, 64);
const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
/** A sealed payload may not exceed what a link can carry. */
export const MAX_LINK_PAYLOAD = 400_000;

const CheckSchema = v.optional(b64url(6, 6));

export const ShareLinkSchema = v.variant('k', [
	v.object({ k: v.literal('live'), r: RoomSchema, s: SecretSchema, c: CheckSchema }),
	v.object({ k: v.literal('snap'), i: IdSchema, s: SecretSchema, d: b64url(16, MAX_LINK_PAYLOAD) }),
	v.object({ k: v.literal('reply'), i: IdSchema, d: b64url(16, MAX_LINK_PAYLOAD) }),
	v.object({ k: v.literal('file'), i: IdSchema, s: SecretSchema, c: CheckSchema })
]);
export type ShareLink = v.InferOutput<typeof ShareLinkSchema>;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** CRC-32 of ASCII text: it changes whenever one character does. */
function crc32(text: string): number {
	let crc = 0xffffffff;
	for (let i = 0; i < text.length; i++) {
		crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
	}
	return (crc ^ 0xffffffff) >>> 0;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The check a live or file link carries: 32 bits of CRC-32 over what it names and its secret. */
export function linkCheck(
	link: { k: 'live'; r: string; s: string } | { k: 'file'; i: string; s: string }
): string {
	const crc = crc32(`${link.k}.${link.k === 'live' ? link.r : link.i}.${link.s}`);
	let text = '';
	for (let shift = 30; shift >= 0; shift -= 6) text += B64URL[(crc >>> shift) & 63];
	return text;
}

/**
 * False when a link's check does not match what it carries: a character was changed on the way
 * (typed over, cut off, edited). Links without a check (made before checks existed) pass.
 */
export function linkIsIntact(link: ShareLink): boolean {
	if (link.k !== 'live' && link.k !== 'file') return true;
	return link.c === undefined || link.c === linkCheck(link);
}

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

/** Builds a link to `/open` on `origin` carrying `link` in its fragment (with its check). */
export function formatShareLink(origin: string, link: ShareLink): string {
	const checked = link.k === 'live' || link.k === 'file' ? { ...link, c: linkCheck(link) } : link;
	const params = new URLSearchParams(checked as unknown as Record<string, string>);
	return `${origin}/open#${params.toString()}`;
}

/** The safe size for a snapshot link (bytes of URL) before it should be refused. */
export const SAFE_LINK_BYTES = 32 * 1024;

/**
 * What a live share can carry: its text travels as one document whose first sync is one message.
 * The framing carries 64 MiB, but a reader refuses a sync message above 8 MiB
 * (MAX_SYNC_MESSAGE_BYTES in sync/peer/update-guard.ts); half of that leaves room for the
 * document's encoding and its responses.
 */
export const LIVE_SAFE_BYTES = 4 * 1024 * 1024;
