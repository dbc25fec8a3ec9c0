/**
 * TURN credentials handed out by the signaling service: time-limited (the TURN REST scheme that
 * coturn's `use-auth-secret` checks: username `expiry:random`, credential an HMAC of it), asked
 * for on each signaling connection (`{type:'turn'}`) and answered only by a server that has TURN
 * configured (`{type:'turn', iceServers, ttl}`). They come from the signaling server the app is
 * built for, never from a third party, and are used until shortly before they expire; past half
 * their lifetime signaling.ts asks again. A server without TURN never answers: then peers use
 * KOERS_ICE_SERVERS alone (config.ts).
 */

/** Credentials from one signaling server. */
interface Held {
	servers: RTCIceServer[];
	/** When the credentials stop working (ms since the epoch). */
	expires: number;
	/** When to ask for new ones. */
	refreshAt: number;
}

/** Credentials are not used in their last minute (a connection may take that long to set up). */
const MARGIN_MS = 60_000;
const MAX_SERVERS = 8;
const MAX_TEXT = 512;

const held = new Map<string, Held>();

const text = (value: unknown): value is string =>
	typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
const iceUrl = (value: unknown): value is string => text(value) && /^(turns?|stun):/.test(value);

/** The credentials in a `turn` message, or null if it is not a valid one. */
export function parseTurn(message: unknown, now = Date.now()): Held | null {
	if (!message || typeof message !== 'object') return null;
	const { iceServers, ttl } = message as { iceServers?: unknown; ttl?: unknown };
	if (typeof ttl !== 'number' || !(ttl >= 120 && ttl <= 7 * 86_400)) return null;
	if (!Array.isArray(iceServers) || iceServers.length === 0 || iceServers.length > MAX_SERVERS)
		return null;
	const servers: RTCIceServer[] = [];
	for (const server of iceServers as unknown[]) {
		if (!server || typeof server !== 'object') return null;
		const { urls, username, credential } = server as Record<string, unknown>;
		const list = Array.isArray(urls) ? urls : [urls];
		if (list.length === 0 || list.length > MAX_SERVERS || !list.every(iceUrl)) return null;
		if (!text(username) || !text(credential)) return null;
		servers.push({ urls: list as string[], username, credential });
	}
	return { servers, expires: now + ttl * 1000, refreshAt: now + (ttl * 1000) / 2 };
}

/** Keeps the credentials that the server at `url` sent; false if the message was not valid. */
export function acceptTurn(url: string, message: unknown, now = Date.now()): boolean {
	const parsed = parseTurn(message, now);
	if (parsed) held.set(url, parsed);
	return parsed !== null;
}

/** True when the server at `url` gave credentials that should be renewed now. */
export function turnDue(url: string, now = Date.now()): boolean {
	const entry = held.get(url);
	return entry !== undefined && now >= entry.refreshAt;
}

/** The TURN servers with credentials still good for a while, from every signaling server. */
export function relayServers(now = Date.now()): RTCIceServer[] {
	const servers: RTCIceServer[] = [];
	for (const [url, entry] of held) {
		if (now < entry.expires - MARGIN_MS) servers.push(...entry.servers);
		else if (now >= entry.expires) held.delete(url);
	}
	return servers;
}

/** Forgets every credential (for tests). */
export function forgetTurn(): void {
	held.clear();
}
