// Foyer's service worker: keeps the app shell (HTML, hashed JS/CSS, icons, manifest) in a
// cache named after the build, so the app installs to a home screen and opens without the
// network. API GETs go to the network first and fall back to their last good answer (the
// app then starts in its offline state); the WebSocket and shared files are never touched.
import { API_CACHE, SHELL_CACHE_PREFIX } from '../src/lib/cache-names.js';

/** Filled in by scripts/build-web.mjs: the build's content hash and its shell files. */
declare const FOYER_BUILD: { version: string; shell: string[] };

const worker = self as unknown as ServiceWorkerGlobalScope;
const SHELL_CACHE = SHELL_CACHE_PREFIX + FOYER_BUILD.version;

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(FOYER_BUILD.shell))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith(SHELL_CACHE_PREFIX) && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    else await cache.delete(request); // e.g. 401 after a logout elsewhere
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function shellFirst(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  // Every route of the app is the same page: "/" (routes live in the hash).
  const cached = await cache.match(request.mode === 'navigate' ? '/' : request);
  return cached ?? fetch(request);
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin || url.pathname === '/ws') return;
  if (url.pathname.startsWith('/api/')) return event.respondWith(networkFirst(request));
  // Shared files go to the network (the HTTP cache keeps them: they never change); opening
  // one must reach it, never the app shell.
  if (url.pathname === '/metrics' || url.pathname.startsWith('/file_share/')) return;
  event.respondWith(shellFirst(request));
});
