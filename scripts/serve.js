// Serves the built app (build/) on loopback, as any static host would: every unknown path gets
// index.html (the SPA fallback), hashed assets are cached for good, the service worker never,
// and each file goes out as the build's brotli or gzip copy of it when the browser takes that.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/**
 * Starts a static server for `dir`; resolves with the server once it listens.
 * @returns {Promise<import('node:http').Server>}
 */
export function serveStatic({
	dir = 'build',
	host = '127.0.0.1',
	port = 4173,
	watch = false
} = {}) {
	const assets = sirv(dir, {
		// `watch` re-reads files on every request (for tests that deploy a new version in place).
		dev: watch,
		single: true,
		etag: true,
		brotli: true,
		gzip: true,
		setHeaders(response, pathname) {
			if (pathname.startsWith('/_app/immutable/')) {
				response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
			} else {
				response.setHeader('Cache-Control', 'no-cache');
			}
			response.setHeader('Referrer-Policy', 'no-referrer');
			response.setHeader('X-Content-Type-Options', 'nosniff');
		}
	});
	const server = createServer((request, response) => assets(request, response));
	return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const dir = process.env.KOERS_DIR ?? 'build';
	if (!existsSync(`${dir}/index.html`)) {
		console.error(`No built app in ${dir}/. Run "npm run build" first.`);
		process.exit(1);
	}
	const host = process.env.HOST ?? '127.0.0.1';
	const port = Number(process.env.PORT ?? 4173);
	await serveStatic({ dir, host, port });
	console.log(`Koers is running at http://${host}:${port}/`);
}
