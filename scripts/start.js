// `npm start`: serves the built app and runs the signaling service that live sharing needs,
// both on loopback. One signaling node needs no Redis; with REDIS_URL set it joins the others.
import { existsSync } from 'node:fs';
import { serveStatic } from './serve.js';
import { startSignaling } from './signaling.js';

if (!existsSync('build/index.html')) {
	console.error('No built app in build/. Run "npm run build" first.');
	process.exit(1);
}
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);
const signalingPort = Number(process.env.SIGNALING_PORT ?? 4444);
let stopping = false;
const signaling = startSignaling({ port: signalingPort, host });
signaling.on('exit', (code) => {
	if (stopping) return;
	console.error(`The signaling service stopped (exit code ${code}); live sharing needs it.`);
	process.exit(1);
});
await serveStatic({ host, port });
console.log(
	`Koers is running at http://${host}:${port}/ (signaling on ws://${host}:${signalingPort})`
);
const stop = () => {
	stopping = true;
	signaling.kill('SIGTERM');
	signaling.once('exit', () => process.exit(0));
	setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
