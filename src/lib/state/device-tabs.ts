/**
 * The tabs of one browser share one device sync: the tab that leads (it holds the Web Lock, see
 * sync/devices) tells the others what the sync does, and carries out what the learner asks in
 * any tab (pause, remove a device, …). Flows, over a BroadcastChannel of this origin:
 * - leader → followers: the sync's status, on every change and when a tab says hello;
 * - follower → leader: an action; the leader answers once it is done (or why it failed).
 * Every message is checked before use: another version of Koers may run in an older tab.
 */
import * as v from 'valibot';
import type { SessionStatus } from '$lib/sync/devices/session';

const CHANNEL = 'koers-device-sync';
/** How long a follower waits for the leader to carry out an action. */
const ACTION_TIMEOUT_MS = 20_000;

const ActionSchema = v.variant('name', [
	v.object({ name: v.literal('pause') }),
	v.object({ name: v.literal('resume') }),
	v.object({ name: v.literal('restart') }),
	v.object({ name: v.literal('rename'), value: v.pipe(v.string(), v.maxLength(200)) }),
	v.object({ name: v.literal('remove'), device: v.pipe(v.string(), v.maxLength(200)) }),
	v.object({ name: v.literal('fetch'), sha256: v.pipe(v.string(), v.maxLength(64)) })
]);
export type TabAction = v.InferOutput<typeof ActionSchema>;

const Id = v.pipe(v.string(), v.maxLength(64));
const MessageSchema = v.variant('kind', [
	v.object({ kind: v.literal('hello') }),
	// The status is shown, never acted on: its shape is checked where it is read (statusOf).
	v.object({ kind: v.literal('status'), status: v.record(v.string(), v.unknown()) }),
	v.object({ kind: v.literal('act'), id: Id, action: ActionSchema }),
	v.object({
		kind: v.literal('acted'),
		id: Id,
		error: v.optional(v.pipe(v.string(), v.maxLength(500)))
	})
]);
type TabMessage = v.InferOutput<typeof MessageSchema>;

const StatusSchema = v.object({
	state: v.picklist(['idle', 'waiting', 'running', 'paused']),
	online: v.array(v.object({ device: v.string(), name: v.string() })),
	incoming: v.array(
		v.object({ device: v.string(), name: v.string(), received: v.number(), total: v.number() })
	),
	badMessages: v.number(),
	refusedOps: v.number(),
	appliedOps: v.number(),
	file: v.nullable(v.object({ sha256: v.string(), done: v.number(), total: v.number() }))
});

function statusOf(value: unknown): SessionStatus | null {
	const parsed = v.safeParse(StatusSchema, value);
	return parsed.success ? (parsed.output as SessionStatus) : null;
}

export interface TabRelayOptions {
	/** True while this tab leads the sync. */
	leading: () => boolean;
	/** The status of this tab's own sync (while it leads). */
	status: () => SessionStatus;
	/** The leader's status, heard by a following tab. */
	onStatus: (status: SessionStatus) => void;
	/** Carries out an action in the leading tab. */
	run: (action: TabAction) => Promise<void>;
}

/** One tab's end of the channel between the tabs of this browser. */
export class TabRelay {
	#channel: BroadcastChannel | null;
	#options: TabRelayOptions;
	#pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();

	constructor(options: TabRelayOptions) {
		this.#options = options;
		// Without BroadcastChannel every tab acts on its own sync, as before.
		this.#channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
		this.#channel?.addEventListener('message', (event) => void this.#receive(event.data));
		this.#post({ kind: 'hello' });
	}

	/** Tells the other tabs what this tab's sync does now (call while leading). */
	announce(): void {
		if (this.#options.leading())
			this.#post({ kind: 'status', status: { ...this.#options.status() } });
	}

	/**
	 * Carries out an action: here when this tab leads or no other tab can, else in the leading
	 * tab (resolves once it is done there; rejects with its reason).
	 */
	perform(action: TabAction, anotherTabLeads: boolean): Promise<void> {
		if (this.#options.leading() || !anotherTabLeads || !this.#channel)
			return this.#options.run(action);
		const id = crypto.randomUUID();
		return new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#pending.delete(id);
				reject(new Error('The tab that syncs did not answer'));
			}, ACTION_TIMEOUT_MS);
			this.#pending.set(id, {
				resolve: () => (clearTimeout(timer), resolve()),
				reject: (error) => (clearTimeout(timer), reject(error))
			});
			this.#post({ kind: 'act', id, action });
		});
	}

	close(): void {
		for (const pending of this.#pending.values()) pending.reject(new Error('Closed'));
		this.#pending.clear();
		this.#channel?.close();
		this.#channel = null;
	}

	async #receive(data: unknown): Promise<void> {
		const parsed = v.safeParse(MessageSchema, data);
		if (!parsed.success) return;
		const message = parsed.output;
		const leading = this.#options.leading();
		if (message.kind === 'hello') this.announce();
		else if (message.kind === 'status' && !leading) {
			const status = statusOf(message.status);
			if (status) this.#options.onStatus(status);
		} else if (message.kind === 'act' && leading) {
			try {
				await this.#options.run(message.action);
				this.#post({ kind: 'acted', id: message.id });
			} catch (error) {
				this.#post({ kind: 'acted', id: message.id, error: String(error).slice(0, 500) });
			}
		} else if (message.kind === 'acted') {
			const pending = this.#pending.get(message.id);
			this.#pending.delete(message.id);
			if (message.error === undefined) pending?.resolve();
			else pending?.reject(new Error(message.error));
		}
	}

	#post(message: TabMessage): void {
		this.#channel?.postMessage(message);
	}
}
