/**
 * Invitations to a learning group. Everything secret sits in the #fragment, which browsers never
 * send to a server:
 *   /groups/join#group=<id>&e=<epoch>&s=<secret>&m=<creator's member id>&n=<name>&c=<check>
 * The check (48 bits of SHA-256 over id, epoch, secret and creator) catches a changed character
 * before anything is stored or a peer is waited for. The name is only a label until the
 * creator's signed `about` arrives.
 */
import { base64urlnopad } from '@scure/base';
import * as v from 'valibot';

const b64 = (min: number, max: number) =>
	v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.minLength(min), v.maxLength(max));

export const InviteSchema = v.object({
	group: b64(22, 22),
	e: v.pipe(v.string(), v.regex(/^\d{1,7}$/), v.transform(Number)),
	s: b64(43, 43),
	m: b64(22, 22),
	n: v.optional(v.pipe(v.string(), v.maxLength(80)), ''),
	c: b64(8, 8)
});
export type Invite = v.InferOutput<typeof InviteSchema>;

/** The check an invitation carries. */
export async function inviteCheck(invite: Omit<Invite, 'c' | 'n'>): Promise<string> {
	const text = `koers/group-invite/v1|${invite.group}|${invite.e}|${invite.s}|${invite.m}`;
	const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return base64urlnopad.encode(new Uint8Array(hash).slice(0, 6));
}

/** Whether `fragment` looks like an invitation at all (before it is checked). */
export const isInviteFragment = (fragment: string): boolean => /^#?group=/.test(fragment.trim());

/** Reads an invitation; `invalid` when it is not one, `changed` when its check fails. */
export async function parseInvite(
	fragment: string
): Promise<{ ok: true; invite: Invite } | { ok: false; problem: 'invalid' | 'changed' }> {
	if (fragment.length > 1_000) return { ok: false, problem: 'invalid' };
	const raw: Record<string, string> = {};
	for (const [key, value] of new URLSearchParams(fragment.trim().replace(/^#/, '')))
		raw[key] = value;
	const parsed = v.safeParse(InviteSchema, raw);
	if (!parsed.success) return { ok: false, problem: 'invalid' };
	if ((await inviteCheck(parsed.output)) !== parsed.output.c)
		return { ok: false, problem: 'changed' };
	return { ok: true, invite: parsed.output };
}

/** The invitation link on `origin`. */
export async function formatInvite(origin: string, invite: Omit<Invite, 'c'>): Promise<string> {
	const params = new URLSearchParams({
		group: invite.group,
		e: String(invite.e),
		s: invite.s,
		m: invite.m,
		n: invite.n,
		c: await inviteCheck(invite)
	});
	return `${origin}/groups/join#${params.toString()}`;
}
