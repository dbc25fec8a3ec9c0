import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_DIR, PORT } from '../playwright.config';
import { serveStatic } from '../scripts/serve.js';

/** A copy of the build served on its own port, for tests that deploy a new version over it. */
export interface DeployedCopy {
	base: string;
	/** Deploys a "new version": a changed service worker. */
	deployNext(): void;
	close(): void;
}

/** Serves a fresh copy of the build on the app's port plus `offset`. */
export async function deployedCopy(offset: number): Promise<DeployedCopy> {
	const dir = mkdtempSync(join(tmpdir(), 'koers-deployed-'));
	cpSync(BUILD_DIR, dir, { recursive: true });
	const port = PORT + offset;
	const server = await serveStatic({ dir, port, watch: true });
	return {
		base: `http://127.0.0.1:${port}`,
		deployNext: () => {
			appendFileSync(join(dir, 'service-worker.js'), '\n// next version\n');
			// Its compressed copies belong to the old version: without them the new file is sent.
			for (const copy of ['service-worker.js.br', 'service-worker.js.gz'])
				rmSync(join(dir, copy), { force: true });
		},
		close: () => {
			server.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
