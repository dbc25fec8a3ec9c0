import { fromBase64Url, SealError, toBase64Url } from '../sealed';

/**
 * What a device group's room is made of, derived from the group's 256-bit secret with
 * HKDF-SHA-256 under labels of its own ("koers devices v1 …"), so a group's room id says nothing
 * about its secret, two groups' rooms are unlinkable, and no share (whose keys use the labels
 * "koers/<purpose>/v1") ever derives the same values:
 *   room    128 bits: the signaling topic, all the signaling server sees besides ciphertext
 *   secret  256 bits: handed to openRoom, which derives the signal and frame keys from it
 *   files   256 bits: the secret whose media key seals the file channel (media-transfer.ts)
 */
export interface GroupRoom {
	room: string;
	secret: string;
	files: string;
}

async function derive(base: CryptoKey, label: string, bytes: number): Promise<Uint8Array> {
	const bits = await crypto.subtle.deriveBits(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: new Uint8Array(0),
			info: new TextEncoder().encode(`koers devices v1 ${label}`)
		},
		base,
		bytes * 8
	);
	return new Uint8Array(bits);
}

/** The room of the group with `groupSecret` (base64url, 32 bytes). */
export async function groupRoom(groupSecret: string): Promise<GroupRoom> {
	const raw = fromBase64Url(groupSecret);
	if (raw.length !== 32) throw new SealError('corrupt');
	const base = await crypto.subtle.importKey('raw', raw as BufferSource, 'HKDF', false, [
		'deriveBits'
	]);
	const [room, secret, files] = await Promise.all([
		derive(base, 'room', 16),
		derive(base, 'secret', 32),
		derive(base, 'files', 32)
	]);
	return { room: toBase64Url(room), secret: toBase64Url(secret), files: toBase64Url(files) };
}
