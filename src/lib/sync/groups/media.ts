/**
 * Media on demand in a learning group: each member's device serves the files of the evidence that
 * member shares in the group now (and no other file), on the current room's "media" channel, with
 * the verified, resumable chunk transfer coaches use (media-transfer.ts). The session
 * (session.ts) calls `serveSharedFiles` for each media channel of its current room; a page that
 * fetches listens for those channels through `groupMediaPeers`.
 */
import { chunkBytes, fileManifest } from '$lib/db/files';
import { getGroup, groupLinks, type GroupRecord } from '$lib/db/groups';
import { chainsFromLinks } from '$lib/domain/group/ledger';
import { groupView } from '$lib/domain/group/view';
import type { LiveConnection } from '../live';
import { serveMedia } from '../media-transfer';
import { mediaKey } from '../sealed';
import { groupRoom } from './keys';

/** The raw channel media travels on. */
export const MEDIA = 'media';
/** Who waits for media channels of a group's current room in this page. */
const listeners = new Map<string, Set<(channel: RTCDataChannel) => void>>();

/**
 * Serves the member's shared files on a media channel while `current()` holds (the room is still
 * the group's current one); tells who waits for the group's channels. Returns the stop.
 */
export async function serveSharedFiles(
	group: () => GroupRecord,
	roomSecret: string,
	channel: RTCDataChannel,
	current: () => boolean
): Promise<(() => void) | undefined> {
	for (const listener of listeners.get(group().id) ?? []) listener(channel);
	const key = await mediaKey(roomSecret);
	if (!current()) return undefined;
	return serveMedia(channel, key, {
		manifest: async (sha256) => ((await sharesFile(group(), sha256)) ? fileManifest(sha256) : null),
		chunk: chunkBytes
	});
}

/** Whether a file belongs to evidence this member shares in the group now. */
async function sharesFile(group: GroupRecord, sha256: string): Promise<boolean> {
	const view = groupView(group.creator, chainsFromLinks(await groupLinks(group.id)));
	return view.items.some(
		({ author, item }) =>
			author === group.myMemberId &&
			item.kind === 'evidence' &&
			item.files.some((file) => file.sha256 === sha256)
	);
}

/**
 * A group's media channels in this page, now (`channels`) and as they open: what a fetch asks
 * for a member's file (media-transfer.ts).
 */
export function mediaPeers(
	groupId: string,
	channels: () => RTCDataChannel[]
): Pick<LiveConnection, 'mediaChannels' | 'onMediaChannel'> {
	return {
		mediaChannels: channels,
		onMediaChannel: (listener) => {
			let waiting = listeners.get(groupId);
			if (!waiting) listeners.set(groupId, (waiting = new Set()));
			waiting.add(listener);
			return () => void waiting.delete(listener);
		}
	};
}

/** The secret a group's media channel is sealed with now (its current room's). */
export async function groupMediaSecret(groupId: string): Promise<string> {
	const group = await getGroup(groupId);
	if (!group) throw new Error('No such group');
	return (await groupRoom(group.secret)).roomSecret;
}
