// Helpers for the signaling e2e tests: real signaling nodes (signaling/main.js) as child
// processes on this suite's own ports, and a load balancer in front of them. The app is built
// with one signaling URL (ws://127.0.0.1:4444); a page's connections to it are routed to the
// first node of its list that accepts, as a load balancer in front of several nodes does. When
// that node dies, the page's connection closes, the app reconnects by itself, and the balancer
// hands it to a node that is still up.
import type { BrowserContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';

export interface Node {
	port: number;
	process: ChildProcess;
	/** Ends the node at once (SIGKILL): no goodbye to its clients. */
	kill(): Promise<void>;
}

/** Starts a signaling node on `port` with `env` (REDIS_URL, TURN_SECRET, …). */
export async function startNode(port: number, env: Record<string, string> = {}): Promise<Node> {
	const child = spawn(process.execPath, ['signaling/main.js'], {
		env: { ...process.env, SIGNALING_PORT: String(port), HOST: '127.0.0.1', LOG: 'quiet', ...env },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	for (let i = 0; ; i++) {
		try {
			const response = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (response.ok) break;
		} catch {
			// Not listening yet.
		}
		if (child.exitCode !== null || i > 200)
			throw new Error(`Signaling node on ${port} did not start`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		port,
		process: child,
		kill: async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}

/**
 * Routes the context's signaling connections (to :4444) to the first of `ports` that accepts.
 * Returns the ports each connection went to, in order.
 */
export async function balance(context: BrowserContext, ports: number[]): Promise<number[]> {
	const used: number[] = [];
	await context.routeWebSocket(/:4444\//, (route) => {
		const pending: (string | Buffer)[] = [];
		let upstream: WebSocket | undefined;
		let closed = false;
		route.onMessage((message) => {
			if (upstream?.readyState === WebSocket.OPEN) upstream.send(message);
			else pending.push(message);
		});
		route.onClose(() => {
			closed = true;
			upstream?.close();
		});
		const tryPort = (index: number) => {
			if (closed) return;
			if (index >= ports.length) return void route.close({ code: 4000, reason: 'no node' });
			const socket = new WebSocket(`ws://127.0.0.1:${ports[index]}/`);
			let opened = false;
			socket.on('open', () => {
				opened = true;
				upstream = socket;
				used.push(ports[index]!);
				for (const message of pending.splice(0)) socket.send(message);
			});
			socket.on('message', (data, isBinary) => {
				if (!closed) route.send(isBinary ? (data as Buffer) : data.toString());
			});
			socket.on('error', () => {});
			socket.on('close', () => {
				if (!opened) return tryPort(index + 1);
				if (!closed) route.close({ code: 4001, reason: 'node gone' }).catch(() => {});
				closed = true;
			});
		};
		tryPort(0);
	});
	return used;
}
