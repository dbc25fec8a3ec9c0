import * as v from 'valibot';
import { linkCheck, SecretSchema } from '../share/links';

/**
 * The link that pairs a device with this learner's other devices:
 *   <origin>/settings/devices#pair=<group secret>&e=<epoch>&c=<check>
 * The group secret (32 random bytes, base64url) sits in the #fragment, which browsers never send
 * to a server. The epoch says which secret of the group this is (it changes when a device is
 * removed). The check (the CRC-32 check of share links, over the epoch and the secret) catches a
 * changed character before this device joins any room.
 */

/** Where a pair link opens: the devices screen, which reads the fragment. */
export const PAIR_PATH = '/settings/devices';
/** The highest epoch a link may carry (one per removed device, far beyond real use). */
export const MAX_EPOCH = 1_000_000;

export interface PairLink {
	secret: string;
	epoch: number;
}

const EpochSchema = v.pipe(
	v.string(),
	v.regex(/^(0|[1-9][0-9]{0,6})$/),
	v.transform(Number),
	v.maxValue(MAX_EPOCH)
);

const PairFragmentSchema = v.object({
	pair: SecretSchema,
	e: EpochSchema,
	c: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{6}$/))
});

/** The check a pair link carries: it changes whenever one character of secret or epoch does. */
export function pairCheck(link: PairLink): string {
	return linkCheck({ k: 'file', i: `pair${link.epoch}`, s: link.secret });
}

/** Builds the pair link on `origin`. */
export function formatPairLink(origin: string, link: PairLink): string {
	const params = new URLSearchParams({
		pair: link.secret,
		e: String(link.epoch),
		c: pairCheck(link)
	});
	return `${origin}${PAIR_PATH}#${params.toString()}`;
}

/** What reading a fragment (or pasted link) found. */
export type PairLinkResult =
	{ ok: true; link: PairLink } | { ok: false; reason: 'notPairLink' | 'invalid' | 'changed' };

/** True when a fragment (with or without "#") is meant as a pair link, valid or not. */
export function isPairFragment(fragment: string): boolean {
	return /^#?pair=/.test(fragment);
}

/** Reads a pair link's fragment: refused when malformed or when its check does not match. */
export function parsePairFragment(fragment: string): PairLinkResult {
	if (!isPairFragment(fragment)) return { ok: false, reason: 'notPairLink' };
	if (fragment.length > 200) return { ok: false, reason: 'invalid' };
	const raw: Record<string, string> = {};
	for (const [key, value] of new URLSearchParams(fragment.replace(/^#/, ''))) raw[key] = value;
	const parsed = v.safeParse(PairFragmentSchema, raw);
	if (!parsed.success) return { ok: false, reason: 'invalid' };
	const link = { secret: parsed.output.pair, epoch: parsed.output.e };
	if (pairCheck(link) !== parsed.output.c) return { ok: false, reason: 'changed' };
	return { ok: true, link };
}

/** Reads a pasted pair link (or bare fragment). */
export function parsePairText(text: string): PairLinkResult {
	const trimmed = text.trim();
	const hash = trimmed.indexOf('#');
	return parsePairFragment(hash === -1 ? trimmed : trimmed.slice(hash));
}
