import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { firstScreenHtml, firstScreenParts } from './scripts/first-screen.js';
import { withFirstScreenPreloads } from './scripts/vite-plugin-first-screen.js';

// The signaling server(s) the app may connect to (see vite.config.ts); nothing else is allowed.
const signaling = (process.env.KOERS_SIGNALING ?? 'ws://127.0.0.1:4444').split(',');
// A separate build folder (KOERS_OUT=name), so two test runs on one machine never build over
// each other's files: `.koers-out/name/build`, with SvelteKit's own files beside it.
const out = process.env.KOERS_OUT ? `.koers-out/${process.env.KOERS_OUT}` : null;
const buildDir = out ? `${out}/build` : 'build';

// The first screen in the built HTML (scripts/first-screen.js), filled into app.html, and the
// hash of app.html's one inline script (it picks the language and page, starts a live link's
// connection and the app), which the CSP allows.
process.env.PUBLIC_KOERS_FIRST_SCREEN = firstScreenHtml();
process.env.PUBLIC_KOERS_FIRST_SCREEN_PARTS = JSON.stringify(firstScreenParts()).replace(
	/</g,
	'\\u003c'
);
const inlineScriptHashes = [
	...readFileSync(new URL('./src/app.html', import.meta.url), 'utf8').matchAll(
		/<script>([\s\S]*?)<\/script>/g
	)
].map(([, script]) => `sha256-${createHash('sha256').update(script).digest('base64')}`);
if (inlineScriptHashes.length !== 1)
	throw new Error('src/app.html: the first-screen script is missing');

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// A static SPA: every route renders in the browser, index.html is the fallback. Every file
		// also comes brotli- and gzip-compressed beside it (file.br, file.gz), for the server to send
		// as it is (scripts/serve.js, deploy/nginx.conf): a phone on a slow line gets a third of the
		// bytes, and no server compresses anything per request.
		// The built HTML then gets the files each first view needs (scripts/vite-plugin-first-screen.js).
		adapter: withFirstScreenPreloads(
			adapter({
				pages: buildDir,
				assets: buildDir,
				fallback: 'index.html',
				strict: true,
				precompress: true
			}),
			{ page: `${buildDir}/index.html` }
		),
		...(out ? { outDir: `${out}/kit` } : {}),
		// workbox-window registers the service worker, so the app controls the update flow.
		serviceWorker: { register: false },
		version: { pollInterval: 0 },
		typescript: {
			config: (tsconfig) => {
				tsconfig.include.push('../playwright.config.ts', '../bench/**/*.ts');
				return tsconfig;
			}
		},
		// Privacy by design, enforced by the browser: the app may talk to its own origin only,
		// media and previews come from the device (blob:/data:), and nothing loads from elsewhere.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval', ...inlineScriptHashes],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'blob:', 'data:'],
				'media-src': ['self', 'blob:'],
				'frame-src': ['self', 'blob:'],
				'connect-src': ['self', ...signaling],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
