// `npm run signaling`: Koers' signaling service (signaling/main.js) on loopback, configured by
// the environment (SIGNALING_PORT, HOST, REDIS_URL, ALLOWED_ORIGINS, limits: see
// signaling/config.js and the README's "Deploying"). It relays only sealed signaling messages
// between peers of a room; it stores nothing.
//
// On loopback every client has the same address, so the per-address limit would count every
// tab of every test run on this machine as one client: here it is lifted unless set.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('../signaling/main.js', import.meta.url));

/** The environment for a node on `host`, with the loopback default above. */
function environment(/** @type {string} */ host, /** @type {Record<string, string>} */ env) {
	const loopback = /^(127\.|::1$|localhost$)/.test(host);
	return {
		...(loopback ? { MAX_CONNECTIONS_PER_IP: '1000000' } : {}),
		...process.env,
		...env,
		HOST: host
	};
}

/** Spawns the signaling service as a child process; returns the child process. */
export function startSignaling({ port = 4444, host = '127.0.0.1', env = {} } = {}) {
	return spawn(process.execPath, [mainJs], {
		env: { ...environment(host, env), SIGNALING_PORT: String(port) },
		stdio: 'inherit'
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	Object.assign(process.env, environment(process.env.HOST || '127.0.0.1', {}));
	await import('../signaling/main.js');
}
