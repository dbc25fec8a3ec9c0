/**
 * A fragment that `decodeURIComponent` cannot read (a malformed escape such as "%E0%A4%A")
 * with every "%" escaped, so it reads as the text it is; null when it reads as it is. Its own
 * module, so the client hook that calls it at start does not load the share links' schemas.
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
