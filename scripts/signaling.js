// Starts y-webrtc's signaling server (node_modules/y-webrtc/bin/server.js) on loopback.
// It relays only encrypted signaling messages between peers of a room; it stores nothing.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The package exports neither its bin script nor package.json: find bin/ beside dist/.
const main = createRequire(import.meta.url).resolve('y-webrtc');
const serverJs = join(dirname(main), '..', 'bin', 'server.js');
const preload = fileURLToPath(new URL('./listen-loopback.js', import.meta.url));

/** Spawns the signaling server; returns the child process. */
export function startSignaling({ port = 4444, host = '127.0.0.1' } = {}) {
	return spawn(process.execPath, ['--import', preload, serverJs], {
		env: { ...process.env, PORT: String(port), HOST: host },
		stdio: 'inherit'
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const port = Number(process.env.SIGNALING_PORT ?? 4444);
	const child = startSignaling({ port, host: process.env.HOST ?? '127.0.0.1' });
	console.log(`Signaling server on ws://127.0.0.1:${port}`);
	child.on('exit', (code) => process.exit(code ?? 0));
}
