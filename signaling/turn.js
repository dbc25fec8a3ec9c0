// Time-limited TURN credentials, the "TURN REST API" scheme that coturn checks with
// `use-auth-secret` and `static-auth-secret`: the username is `expiry:random` (expiry in Unix
// seconds; the random part ties the credential to no person), the credential is
// base64(HMAC-SHA1(secret, username)). coturn refuses it after the expiry.
import { createHmac, randomBytes } from 'node:crypto';

/**
 * Credentials for `urls`, good for `ttl` seconds from `now` (ms).
 * @param {{ secret: string, urls: string[], ttl: number, now?: number }} options
 */
export function turnCredentials({ secret, urls, ttl, now = Date.now() }) {
	const expiry = Math.floor(now / 1000) + ttl;
	const username = `${expiry}:${randomBytes(9).toString('base64url')}`;
	const credential = createHmac('sha1', secret).update(username).digest('base64');
	return { iceServers: [{ urls, username, credential }], ttl };
}
