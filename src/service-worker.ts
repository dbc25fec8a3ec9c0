/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

// Precaches every build asset and static file, serves them cache-first, and answers every
// navigation with the app shell, so Koers starts with no network at all after the first visit.
// A new version installs beside the old one and waits until the learner chooses to reload.
import { base, build, files, version } from '$service-worker';
import { keepShared, SHARE_TARGET_PATH } from '$lib/share-target';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `koers-${version}`;
const SHELL = `${base}/`;
const PRECACHE = [...build, ...files, SHELL];

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	if (
		request.method === 'POST' &&
		url.origin === sw.location.origin &&
		url.pathname === `${base}${SHARE_TARGET_PATH}`
	) {
		event.respondWith(keepShared(request, base));
		return;
	}
	if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
	if (request.mode === 'navigate') {
		event.respondWith(
			caches.match(SHELL, { cacheName: CACHE }).then((cached) => cached ?? fetch(request))
		);
		return;
	}
	if (PRECACHE.includes(url.pathname)) {
		event.respondWith(
			caches.match(url.pathname, { cacheName: CACHE }).then((cached) => cached ?? fetch(request))
		);
	}
});
