import { base64urlnopad } from '@scure/base';
import type { PublicIdentity } from '../identity/keys';

/**
 * A member's id is derived from their public key (128 bits of SHA-256), so an id cannot be
 * claimed with another key: whoever signs as this id must hold this key.
 */
export async function memberIdOf(identity: PublicIdentity): Promise<string> {
	const bytes = new TextEncoder().encode(`koers/member/v1:${identity.alg}:${identity.publicRaw}`);
	const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	return base64urlnopad.encode(hash.slice(0, 16));
}

/** Orders a member's authors: the member's own key first, then their other devices by id. */
export function byMemberFirst(member: string): (a: string, b: string) => number {
	return (a, b) => Number(b === member) - Number(a === member) || a.localeCompare(b);
}
