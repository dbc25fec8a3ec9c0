// `npm start`: serves the built app and runs the signaling server that live sharing needs,
// both on loopback.
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
const signaling = startSignaling({ port: signalingPort, host });
await serveStatic({ host, port });
console.log(
	`Koers is running at http://${host}:${port}/ (signaling on ws://${host}:${signalingPort})`
);
const stop = () => {
	signaling.kill();
	process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
