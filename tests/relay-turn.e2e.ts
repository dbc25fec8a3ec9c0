// Across networks: the peers may only use TURN relay candidates (iceTransportPolicy 'relay'),
// through a real coturn on loopback with `use-auth-secret`. The app gets its time-limited TURN
// credentials from the signaling service (which shares coturn's secret) and a live share still
// syncs both ways, over a candidate pair that is a relay on both ends.
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGoal, open } from './helpers';
import { balance, startNode, type Node } from './signaling-nodes';

const SIGNALING = 4503;
const TURN_PORT = 3480;
const secret = randomBytes(32).toString('base64url');
let coturn: ChildProcess;
let node: Node;
let dir: string;

test.beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'koers-coturn-'));
	coturn = spawn(
		process.env.TURNSERVER ?? '/usr/bin/turnserver',
		[
			'-n',
			'--listening-ip=127.0.0.1',
			'--relay-ip=127.0.0.1',
			`--listening-port=${TURN_PORT}`,
			`--min-port=${TURN_PORT + 1}`,
			`--max-port=${TURN_PORT + 19}`,
			'--use-auth-secret',
			`--static-auth-secret=${secret}`,
			'--realm=koers.test',
			'--no-tls',
			'--no-dtls',
			'--no-cli',
			// Both peers and the relay are on this machine (never in production).
			'--allow-loopback-peers',
			'--verbose',
			`--log-file=${join(dir, 'turn.log')}`,
			'--simple-log',
			`--userdb=${join(dir, 'turndb')}`,
			`--pidfile=${join(dir, 'pid')}`
		],
		{ stdio: 'ignore' }
	);
	// Ready once it accepts TCP on its port (UDP opens with it).
	await expect
		.poll(
			() =>
				new Promise((resolve) => {
					const socket = connect(TURN_PORT, '127.0.0.1', () => resolve(socket.end() && true));
					socket.on('error', () => resolve(false));
				}),
			{ timeout: 20_000 }
		)
		.toBe(true);
	node = await startNode(SIGNALING, {
		TURN_SECRET: secret,
		TURN_URLS: `turn:127.0.0.1:${TURN_PORT}?transport=udp,turn:127.0.0.1:${TURN_PORT}?transport=tcp`,
		TURN_TTL: '600'
	});
});
test.afterAll(async () => {
	await node?.kill();
	if (coturn && coturn.exitCode === null) {
		const exited = new Promise((resolve) => coturn.once('exit', resolve));
		coturn.kill('SIGKILL');
		await exited;
	}
	rmSync(dir, { recursive: true, force: true });
});

/** Forces relay-only ICE in the page and keeps each peer connection and its configuration. */
async function relayOnly(page: Page) {
	await page.addInitScript(() => {
		const Native = window.RTCPeerConnection;
		const seen: { config: RTCConfiguration; pc: RTCPeerConnection }[] = [];
		Object.assign(window, { __peerConnections: seen });
		window.RTCPeerConnection = class extends Native {
			constructor(config?: RTCConfiguration) {
				super({ ...config, iceTransportPolicy: 'relay' });
				seen.push({ config: JSON.parse(JSON.stringify(config ?? {})), pc: this });
			}
		};
	});
}

/** The ICE servers the app configured, and the candidate types of each connected pair. */
function iceReport(page: Page) {
	return page.evaluate(async () => {
		const seen = (
			window as unknown as {
				__peerConnections: { config: RTCConfiguration; pc: RTCPeerConnection }[];
			}
		).__peerConnections;
		const pairs: string[] = [];
		for (const { pc } of seen) {
			const stats = await pc.getStats();
			stats.forEach((report) => {
				if (report.type !== 'candidate-pair' || report.state !== 'succeeded' || !report.nominated)
					return;
				const local = stats.get(report.localCandidateId);
				const remote = stats.get(report.remoteCandidateId);
				pairs.push(`${local?.candidateType}/${remote?.candidateType}`);
			});
		}
		return { servers: seen.map(({ config }) => config.iceServers ?? []), pairs };
	});
}

test('a live share syncs over TURN relays only, with credentials from the signaling service', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const learnerContext = await browser.newContext();
	await balance(learnerContext, [SIGNALING]);
	const learner = await learnerContext.newPage();
	await relayOnly(learner);
	await createGoal(learner, { title: 'Goal over TURN', status: 'active' });
	await open(learner, '/share/new');
	await learner.getByLabel('Name of this share').fill('Relay');
	await learner.getByLabel('Goal over TURN').check();
	await learner.getByRole('button', { name: 'Create share' }).click();
	const link = await learner.getByRole('textbox', { name: 'Live link' }).inputValue();

	const coachContext = await browser.newContext();
	await balance(coachContext, [SIGNALING]);
	const coach = await coachContext.newPage();
	await relayOnly(coach);
	await coach.goto(link);
	await expect(coach.getByRole('heading', { name: 'Goal over TURN' })).toBeVisible({
		timeout: 30_000
	});
	await expect(coach.getByText('Live: the learner is online')).toBeVisible({ timeout: 15_000 });
	await coach.getByLabel('Your name').fill('Kim');
	await coach.getByRole('textbox', { name: 'Your feedback' }).first().fill('Sent through TURN');
	await coach.getByRole('button', { name: 'Send feedback' }).first().click();
	await expect(learner.getByText('Sent through TURN')).toBeVisible({ timeout: 15_000 });

	for (const page of [learner, coach]) {
		// A connection that stopped answering on a busy machine is replaced: wait until one is up,
		// and judge that very report (a second look may fall between a connection and the next).
		let report: Awaited<ReturnType<typeof iceReport>> = { servers: [], pairs: [] };
		await expect
			.poll(async () => (report = await iceReport(page)).pairs.length, { timeout: 30_000 })
			.toBeGreaterThan(0);
		const { servers, pairs } = report;
		// The app's ICE configuration took the signaling service's time-limited credentials...
		const turn = servers.flat().find((s) => String(s.urls).includes(`127.0.0.1:${TURN_PORT}`));
		expect(turn?.username).toMatch(/^\d{10}:[\w-]+$/);
		expect(Number(turn!.username!.split(':')[0])).toBeGreaterThan(Date.now() / 1000);
		// ...and the connection that carried the share is a relay on both ends.
		expect(pairs.length).toBeGreaterThan(0);
		expect(pairs.every((pair) => pair === 'relay/relay')).toBe(true);
	}
	// coturn itself saw the allocations, with credentials it accepted.
	await expect
		.poll(() => readFileSync(join(dir, 'turn.log'), 'utf8'))
		.toMatch(/ALLOCATE processed, success/);
	await learnerContext.close();
	await coachContext.close();
});
