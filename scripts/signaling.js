// Starts Koers's signaling server (signaling/server.js) on loopback, in a child process.
// It relays only sealed signaling messages between peers of a room; it stores nothing.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const serverJs = fileURLToPath(new URL('./signaling.js', import.meta.url));

/** Spawns the signaling server; returns the child process. */
export function startSignaling({ port = 4444, host = '127.0.0.1' } = {}) {
	return spawn(process.execPath, [serverJs], {
		env: { ...process.env, SIGNALING_PORT: String(port), HOST: host },
		stdio: 'inherit'
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const port = Number(process.env.SIGNALING_PORT ?? 4444);
	const host = process.env.HOST ?? '127.0.0.1';
	const { startSignalingServer } = await import('../signaling/server.js');
	await startSignalingServer({ port, host });
	console.log(`Signaling server on ws://${host}:${port}`);
}
