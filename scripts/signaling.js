// `npm run signaling`: Koers' signaling service (signaling/main.js) on loopback, configured by
// the environment (SIGNALING_PORT, HOST, REDIS_URL, ALLOWED_ORIGINS, limits: see
// signaling/config.js and the README's "Deploying"). It relays only sealed signaling messages
// between peers of a room; it stores nothing.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('../signaling/main.js', import.meta.url));

/** Spawns the signaling service as a child process; returns the child process. */
export function startSignaling({ port = 4444, host = '127.0.0.1', env = {} } = {}) {
	return spawn(process.execPath, [mainJs], {
		env: { ...process.env, ...env, SIGNALING_PORT: String(port), HOST: host },
		stdio: 'inherit'
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await import('../signaling/main.js');
