/**
 * The tabs of one browser share each group's room: the tab that holds it (groups-background.ts)
 * tells the others what only it knows, and carries out what needs its live connections. Over the
 * BroadcastChannel `koers-groups`, every message checked before use (another version of Koers may
 * run in an older tab):
 * - holder → others: who is online and how many envelopes were refused (on change, and when a
 *   tab asks);
 * - a tab → the holder: remove a member (the creator's action); the holder acknowledges at once,
 *   then answers once it is done or why it failed. A member online is handed the removal on the
 *   holder's connections at once; a tab that took the room over would meet them anew.
 */
import * as v from 'valibot';
import type { GroupSession } from '$lib/sync/groups/session';

/** What a group's page shows of its room: who is online, how many envelopes were refused. */
export interface GroupPresence {
	online: string[];
	refused: number;
}

const CHANNEL = 'koers-groups';
/** How long a tab waits for the holder to acknowledge an action before it takes the room... */
const ACK_TIMEOUT_MS = 5_000;
/** ...and for the holder to finish it once acknowledged (a removal signs and moves to a new key). */
const DONE_TIMEOUT_MS = 60_000;

const Id = v.pipe(v.string(), v.maxLength(100));
const MessageSchema = v.variant('t', [
	v.object({
		t: v.literal('presence'),
		group: Id,
		presence: v.object({
			online: v.pipe(v.array(Id), v.maxLength(1_000)),
			refused: v.pipe(v.number(), v.integer(), v.minValue(0))
		})
	}),
	v.object({ t: v.literal('ask') }),
	v.object({ t: v.literal('remove'), id: Id, group: Id, member: Id }),
	v.object({ t: v.literal('removing'), id: Id }),
	v.object({
		t: v.literal('removed'),
		id: Id,
		error: v.optional(v.pipe(v.string(), v.maxLength(500)))
	})
]);
type TabMessage = v.InferOutput<typeof MessageSchema>;

/** The rooms this tab holds, by group id. */
export const held = new Map<string, GroupSession>();
const presence = new Map<string, GroupPresence>();
const listeners = new Set<(group: string) => void>();
const pending = new Map<string, { ack: () => void; done: (error?: string) => void }>();
let channel: BroadcastChannel | null | undefined;

function tabChannel(): BroadcastChannel | null {
	if (channel !== undefined) return channel;
	channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
	channel?.addEventListener('message', (event) => void receive(event.data));
	return channel;
}

function post(message: TabMessage): void {
	tabChannel()?.postMessage(message);
}

async function receive(data: unknown): Promise<void> {
	const parsed = v.safeParse(MessageSchema, data);
	if (!parsed.success) return;
	const message = parsed.output;
	if (message.t === 'presence') note(message.group, message.presence, false);
	else if (message.t === 'ask') for (const [group, session] of held) tell(group, session);
	else if (message.t === 'remove') {
		const session = held.get(message.group);
		if (!session) return;
		post({ t: 'removing', id: message.id });
		try {
			await session.remove(message.member);
			post({ t: 'removed', id: message.id });
		} catch (error) {
			post({ t: 'removed', id: message.id, error: String(error).slice(0, 500) });
		}
	} else if (message.t === 'removing') pending.get(message.id)?.ack();
	else if (message.t === 'removed') pending.get(message.id)?.done(message.error);
}

function note(group: string, value: GroupPresence, send: boolean): void {
	presence.set(group, value);
	if (send) post({ t: 'presence', group, presence: value });
	for (const listener of listeners) listener(group);
}

/** Tells every tab (this one too) what the room this tab holds shows now. */
export function tell(group: string, session: GroupSession): void {
	note(group, { online: session.online(), refused: session.counts.refusedEnvelopes }, true);
}

/** Calls `listener` with a group's presence now and after each change; returns the stop. */
export function groupPresence(group: string, listener: (value: GroupPresence) => void): () => void {
	const heard = (id: string) => {
		const value = presence.get(id);
		if (id === group && value) listener(value);
	};
	listeners.add(heard);
	heard(group);
	post({ t: 'ask' });
	return () => void listeners.delete(heard);
}

/**
 * Removes a member through the tab that holds the group's room. Resolves true once done there,
 * false when no tab acknowledged (the caller then acts through a room of its own).
 */
export function removeInHolder(group: string, member: string): Promise<boolean> {
	if (!tabChannel()) return Promise.resolve(false);
	const id = crypto.randomUUID();
	return new Promise<boolean>((resolve, reject) => {
		let timer = setTimeout(() => {
			pending.delete(id);
			resolve(false);
		}, ACK_TIMEOUT_MS);
		pending.set(id, {
			ack: () => {
				clearTimeout(timer);
				timer = setTimeout(() => {
					pending.delete(id);
					reject(new Error('The tab that holds the group did not finish'));
				}, DONE_TIMEOUT_MS);
			},
			done: (error) => {
				clearTimeout(timer);
				pending.delete(id);
				if (error === undefined) resolve(true);
				else reject(new Error(error));
			}
		});
		post({ t: 'remove', id, group, member });
	});
}
