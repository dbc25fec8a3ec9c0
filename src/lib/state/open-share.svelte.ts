import { base64urlnopad } from '@scure/base';
import { nowStamp } from '$lib/domain/dates';
import { isInviteFragment } from '$lib/domain/group/invite';
import type { ShareContent } from '$lib/domain/share/content';
import { MAX_SHARE_FILE_BYTES, parseShareFile } from '$lib/domain/share/file';
import { linkIsIntact, parseShareFragment, type ShareLink } from '$lib/domain/share/links';
import type { ShareResponse } from '$lib/domain/share/responses';
import { openShareFile, openSnapshot } from '$lib/sync/received';
import type { MessageId } from '$lib/i18n';
import { act } from './action';
import { afterPaint, holdBackground, type Hold } from './foreground';
import { nextTask } from './idle';
import { ReceivedShare } from './received-share.svelte';
import { reviewer } from './reviewer.svelte';
import type { SharedMedia } from './shared-media.svelte';

/**
 * Opening a share link (the flow of /open), from the link to what the coach sees:
 *   reply → the learner's own share takes in the coach's responses;
 *   live  → remembered in the inbox while it connects to the learner's document (and its files);
 *   snap  → opened and checked, then remembered with the content as seen;
 *   file  → waits for the share file, which is opened with the link's key, then as snap.
 * Nothing is remembered until the link (and file) opened. Feedback is signed with the reviewer's
 * name; on a live share it goes into the document, on a fixed copy into this browser's reply.
 */

/** Where opening stands. */
export type OpenPhase =
	| { name: 'loading' }
	| { name: 'error'; message: MessageId; values: Record<string, string | number> }
	| { name: 'needFile' }
	| { name: 'replied'; shareId: string; count: number }
	| { name: 'view' };

/** Who signs a response. */
type Signer = { author: string; role: string };

/**
 * The peer layer (Yjs, WebRTC) loads only for a live link, and from the moment one is seen (on a
 * first load that is the /open route's load): a snapshot or file link never pays for it.
 */
async function peerLayer() {
	const [live, doc] = await Promise.all([import('$lib/sync/live'), import('$lib/sync/share-doc')]);
	return { connectLink: live.connectLink, connectLive: live.connectLive, pageRoom: doc.pageRoom };
}

/**
 * The inbox's records of received shares. The database (and its code) opens after a share
 * shows: on a first visit, creating it would hold back the first view.
 */
const inbox = () => import('$lib/db/received-shares');

/** A response signed with this browser's identity key (its code loads at the first answer). */
async function signAsMe(shareId: string, response: ShareResponse): Promise<ShareResponse> {
	const [{ myIdentity }, { signResponse }] = await Promise.all([
		import('$lib/db/identity'),
		import('$lib/domain/share/response-signature')
	]);
	return signResponse(await myIdentity(), shareId, response);
}

/** One share link being opened in this browser; create it during component set-up. */
export class OpenShare {
	#phase = $state.raw<OpenPhase>({ name: 'loading' });
	#view = $state.raw<ReceivedShare>();
	#media = $state.raw<SharedMedia>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed
	#fileUrls = $state.raw<ReadonlyMap<string, string>>(new Map());
	#lastVisit = $state.raw<string | null>(null);
	#needName = $state(false);
	#ended = $state(false);
	#bodyShown = $state(true);
	#link: ShareLink | null = null;
	#href = '';
	#recordId = '';
	#closed = false;
	// What was seen of a live share, kept so the inbox can say what changed next time.
	#seen: ShareContent | undefined;
	#kept: ShareContent | undefined;
	#seenTimer: ReturnType<typeof setTimeout> | undefined;
	#remembered: Promise<unknown> = Promise.resolve();
	/** Lets background work start (state/foreground): once the share showed, or did not open. */
	#release: Hold = Object.assign(() => {}, { released: Promise.resolve() });

	get phase(): OpenPhase {
		return this.#phase;
	}

	/** The share as received (content and responses), once opened. */
	get view(): ReceivedShare | undefined {
		return this.#view;
	}

	/** A live share's files, fetched from the learner on demand. */
	get media(): SharedMedia | undefined {
		return this.#media;
	}

	/** Download links for the files a share file carried, keyed "evidenceId/name". */
	get fileUrls(): ReadonlyMap<string, string> {
		return this.#fileUrls;
	}

	/** When this browser last opened the share (before this visit); null the first time. */
	get lastVisit(): string | null {
		return this.#lastVisit;
	}

	/**
	 * The learner stopped this live share (or it expired) while the page was open, and nobody
	 * publishes it now: what is shown stays, feedback can no longer reach them.
	 */
	get ended(): boolean {
		return this.#ended && (this.#view?.peers ?? 0) === 0;
	}

	/**
	 * False for the first frame of a fixed copy: its title and status paint first, its items (and
	 * the reply section below them) in the next frame, so a phone shows the share sooner and is
	 * never busy drawing for long at once.
	 */
	get bodyShown(): boolean {
		return this.#bodyShown;
	}

	/** Feedback was refused because the reviewer gave no name yet. */
	get needName(): boolean {
		return this.#needName;
	}

	/** For a fixed copy (snapshot or file): what a reply to it is sealed for. */
	get replyTo(): { id: string; secret: string } | undefined {
		const link = this.#link;
		if (this.#view?.live !== false || (link?.k !== 'snap' && link?.k !== 'file')) return undefined;
		return { id: this.#recordId, secret: link.s };
	}

	/** Opens the link the page was opened with (its fragment holds everything); never throws. */
	async open(at: { href: string; hash: string }): Promise<void> {
		this.#href = at.href;
		this.#release = holdBackground();
		// An invitation to a learning group opened here goes to where groups are joined.
		if (isInviteFragment(at.hash)) return location.replace(`/groups/join${at.hash}`);
		const link = parseShareFragment(at.hash);
		if (!link) return this.#fail('share.error.invalidLink');
		// A changed character is refused before anything is stored or waited for.
		if (!linkIsIntact(link)) return this.#fail('share.error.changedLink');
		this.#link = link;
		try {
			if (link.k === 'reply') {
				const { openReplyLink } = await import('./replies');
				const outcome = await openReplyLink(link.i, link.d);
				if ('problem' in outcome) return this.#fail(outcome.problem, outcome.values);
				this.#phase = { name: 'replied', shareId: link.i, count: outcome.count };
				this.#release();
			} else if (link.k === 'live') {
				await this.#openLive(link.r, link.s);
			} else if (link.k === 'snap') {
				await this.#showFixed(await openSnapshot(link), link.s);
			} else {
				this.#phase = { name: 'needFile' };
				this.#release();
			}
		} catch {
			this.#fail('share.error.corrupt');
		}
	}

	/** Opens the share file a file-key link asked for. */
	async chooseFile(file: File): Promise<void> {
		const link = this.#link;
		if (link?.k !== 'file') return;
		if (file.size > MAX_SHARE_FILE_BYTES) return this.#fail('share.error.fileTooLarge');
		const envelope = parseShareFile(await file.text());
		if (!envelope || envelope.kind !== 'share') return this.#fail('share.error.notShareFile');
		if (envelope.shareId !== link.i) return this.#fail('share.error.otherFile');
		try {
			const { content, media } = await openShareFile(envelope.payload, link.s);
			const blobs = Object.entries(media).map(([name, file]): [string, Blob] => [
				name,
				new Blob([base64urlnopad.decode(file.data) as BlobPart], { type: file.type })
			]);
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed
			this.#fileUrls = new Map(blobs.map(([name, blob]) => [name, URL.createObjectURL(blob)]));
			await this.#showFixed(content, link.s);
		} catch {
			this.#fail('share.error.corrupt');
		}
	}

	async #openLive(room: string, secret: string): Promise<void> {
		this.#recordId = room;
		// The link proved its key (linkIsIntact): connecting starts at once.
		const { connectLink, connectLive, pageRoom } = await peerLayer();
		// The connection the page started for this link before the app ran, if any (live-start.ts).
		const connection = await connectLink(room, secret);
		if (this.#closed) return connection.close();
		// A peer met proves the key; a copy kept from an earlier visit does not.
		let met = connection.peerCount() > 0;
		const stopMeeting = connection.onPeers((count) => (met ||= count > 0));
		this.#view = new ReceivedShare(room, {
			connection,
			openPage: (index) => connectLive(pageRoom(room, index), secret)
		});
		this.#phase = { name: 'view' };
		// Fetching files stores them, and the files kept from an earlier visit are looked up at once:
		// that opens the database (on a first visit, creates it) and starts what waits for a database
		// in use (the layout's notices): it starts once the share is drawn in full (`drawn`).
		void this.#release.released
			.then(() => import('./shared-media.svelte'))
			.then(({ SharedMedia }) => {
				if (!this.#closed && this.#view) this.#media = new SharedMedia(room, connection, secret);
			});
		const leave = () => {
			this.#view?.close();
			this.#view = undefined;
			this.#media?.close();
			this.#media = undefined;
		};
		// Remembered in the inbox once the share showed (or the learner is not met within the
		// hold's time): on a first visit that loads the database's code and creates it, which
		// must not compete with meeting the learner and drawing the first view. A share refused
		// for its key before then is never remembered. `null`: not remembered.
		let refused = false;
		const remembering = this.#release.released.then(async () => {
			if (refused) return null;
			const { rememberReceivedShare } = await inbox();
			await nextTask();
			if (refused) return null;
			// With the content shown by now: its title is in the inbox from the first write.
			return rememberReceivedShare(
				{ id: room, kind: 'live', secret, link: this.#href },
				this.#seen
			);
		});
		// Awaited below (so a failure does not count as unhandled meanwhile), and by keepSeen.
		this.#remembered = remembering.catch(() => {});
		// Stopped for good (resuming gives a new link): kept, so the next visit says so too.
		connection.onEnded(() => {
			this.#ended = true;
			void act(async () => {
				if ((await remembering) === null) return;
				await (await inbox()).noteReceivedShareEnded(room);
			});
		});
		// Messages in the room that this secret cannot open, and no peer met: the link's key is
		// wrong (not the learner offline). A share first opened now is forgotten again; one kept
		// from before keeps its copy and its own link.
		const refuse = () => {
			stopMeeting();
			if (met || this.#phase.name === 'error') return;
			refused = true;
			this.#fail('share.error.wrongKey');
			leave();
			void act(async () => {
				const before = await remembering;
				const { forgetReceivedShare, getReceivedShare } = await inbox();
				// A share seen on an earlier visit keeps its copy.
				if (before || (before === null && (await getReceivedShare(room)))) return;
				await connection.forget();
				if (before === undefined) await forgetReceivedShare(room);
			});
		};
		if (connection.wrongKey) refuse();
		else connection.onWrongKey(refuse);
		let before: Awaited<typeof remembering>;
		try {
			before = await remembering;
		} catch (error) {
			leave();
			throw error;
		}
		this.#lastVisit = before?.lastVisitAt ?? null;
		// Seen stopping on an earlier visit (this browser was not told again: nobody publishes).
		if (before?.endedAt) this.#ended = true;
	}

	/**
	 * Shows a snapshot's or share file's content at once (it opened with the link's key), then
	 * remembers it as seen: on a first visit that creates the database, which must not hold back
	 * the first view. Feedback collects here for a reply, once the record exists.
	 */
	async #showFixed(content: ShareContent, secret: string): Promise<void> {
		const id = (this.#recordId = content.meta.shareId);
		this.#view = new ReceivedShare(id, { content, responses: [] });
		this.#bodyShown = false;
		this.#phase = { name: 'view' };
		const remembering = (async () => {
			// The view paints first, its header, then its body: the database's code loads after
			// it, and the background's work (state/background) after the share is kept, so their
			// first queries do not pile up.
			await afterPaint();
			this.#bodyShown = true;
			await afterPaint();
			try {
				const { rememberReceivedShare } = await inbox();
				// The database's code ran as it arrived; the database opens in a later task, so the
				// two do not make one long task on a phone.
				await nextTask();
				return await rememberReceivedShare({ id, kind: 'snap', secret, link: this.#href }, content);
			} finally {
				this.#release();
			}
		})();
		this.#remembered = remembering.catch(() => {});
		const before = await remembering;
		this.#lastVisit = before?.lastVisitAt ?? null;
		if (before?.myResponses.length)
			this.#view = new ReceivedShare(id, { content, responses: before.myResponses });
	}

	#fail(message: MessageId, values: Record<string, string | number> = {}): void {
		this.#phase = { name: 'error', message, values };
		this.#release();
	}

	/**
	 * Call from an effect: keeps what is seen of a live share. A large share arrives in parts: its
	 * first part (with the title) is kept at once, the settled whole a second later.
	 */
	trackSeen(): void {
		const content = this.#view?.content;
		if (!content || !this.#view?.live) return;
		this.#seen = content;
		const first = !this.#kept || this.#kept.meta.title !== content.meta.title;
		clearTimeout(this.#seenTimer);
		if (first) this.keepSeen();
		else this.#seenTimer = setTimeout(this.keepSeen, 1000);
	}

	/**
	 * Call once a live share is drawn in full (SharedView's `ondrawn`): background work, and
	 * keeping the share in the inbox, start after that paint, not between its first items and
	 * the rest.
	 */
	drawn = (): void => {
		if (this.#view?.live) void afterPaint().then(this.#release);
	};

	/** Saves the content last seen now (when leaving the page, say). */
	keepSeen = (): void => {
		clearTimeout(this.#seenTimer);
		const seen = this.#seen;
		const remembered = this.#remembered;
		if (seen && seen !== this.#kept)
			void act(async () => {
				// The record exists once remembering is done (the content may come first).
				await remembered;
				await (await inbox()).saveSeenContent(this.#recordId, seen);
			});
		this.#kept = seen;
	};

	/** Sends a response signed with the reviewer's name; false (nothing sent) until it is given. */
	async #respond(build: (signer: Signer) => ShareResponse): Promise<boolean> {
		const author = reviewer.name.trim();
		if (!author) {
			this.#needName = true;
			if (typeof document !== 'undefined') document.getElementById('reviewer-name')?.focus();
			return false;
		}
		this.#needName = false;
		reviewer.save();
		const sent = await act(async () => {
			// A fixed copy keeps feedback in its record, which is written just after it shows.
			await this.#remembered;
			const view = this.#view;
			if (!view) return false;
			const response = build({ author, role: reviewer.role.trim() });
			// Signed with this browser's identity key, for the share it answers: the learner pins
			// the key at the first answer and can prove later that a sign-off came from it.
			const shareId = view.content?.meta.shareId;
			await view.respond(shareId ? await signAsMe(shareId, response) : response);
			return true;
		});
		return sent === true;
	}

	/** Feedback on an item (or a reply in its thread), optionally about a moment of its video. */
	feedback = (itemId: string, text: string, parentId: string | null, at?: number) =>
		this.#respond((signer) => ({
			kind: 'feedback',
			id: crypto.randomUUID(),
			itemId,
			parentId,
			...signer,
			text: text.trim(),
			...(at === undefined ? {} : { at: Math.round(at * 10) / 10 }),
			createdAt: nowStamp()
		}));

	/** Signs off a goal. */
	sign = (goalId: string, statement: string, date: string) =>
		this.#respond((signer) => ({
			kind: 'signOff',
			id: crypto.randomUUID(),
			goalId,
			...signer,
			date,
			statement: statement.trim(),
			createdAt: nowStamp()
		}));

	/** Rates a competency ("frameworkId|competencyId") at a level. */
	rate = (competency: string, levelId: string, date: string) =>
		this.#respond((signer) => ({
			kind: 'rating',
			id: crypto.randomUUID(),
			competency,
			levelId,
			...signer,
			date,
			createdAt: nowStamp()
		}));

	/** Leaves: keeps what was seen, disconnects, frees the file links. */
	close(): void {
		this.#closed = true;
		this.#release();
		this.keepSeen();
		this.#media?.close();
		this.#view?.close();
		for (const url of this.#fileUrls.values()) URL.revokeObjectURL(url);
	}
}
