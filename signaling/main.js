// The signaling service as a process: configuration from the environment (config.js), a clean
// stop on SIGTERM/SIGINT (clients are told to go away, so they reconnect to another node), and
// a clear message instead of a stack trace when the configuration or the port is wrong.
import { readConfig } from './config.js';
import { startSignalingServer } from './server.js';

let config;
try {
	config = readConfig(process.env);
} catch (error) {
	console.error(`Signaling: ${error instanceof Error ? error.message : error}`);
	process.exit(2);
}
let node;
try {
	node = await startSignalingServer(config);
} catch (error) {
	const code = /** @type {{ code?: string }} */ (error).code;
	console.error(
		code === 'EADDRINUSE'
			? `Signaling: port ${config.port} on ${config.host} is in use`
			: `Signaling: could not start (${code ?? error})`
	);
	process.exit(1);
}
let stopping = false;
const stop = async () => {
	if (stopping) return;
	stopping = true;
	await node.close({ graceMs: 2000 });
	process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
