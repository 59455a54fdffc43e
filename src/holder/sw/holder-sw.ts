/**
 * The holder app's service worker (scope /me/): precaches the holder page, its JS and CSS,
 * manifest and icons at install, so "show my code" works with no network once the app has
 * loaded once. Navigations inside /me/ get the cached page; the API always goes to the
 * network (an application's state must never come from a cache). No imports on purpose: the
 * build transpiles this one file to /me/sw.js with the file list in front.
 */

// A module for the type checker (so `self` below is this file's own); the build drops the
// export, since a classic service worker script cannot have one.
export {};

// src/holder/sw/tsconfig.json gives the WebWorker lib, whose `self` is any worker's scope; a
// service worker names its own (TypeScript's documented pattern).
declare const self: ServiceWorkerGlobalScope;

// Defined by the build (scripts/vite-holder-sw.ts): the holder's files and a hash of them.
declare const __HOLDER_PRECACHE__: { version: string; urls: string[] };
const PRECACHE = __HOLDER_PRECACHE__;
const CACHE = `gatecheck-holder-${PRECACHE.version}`;
const SHELL = '/me/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.urls.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name.startsWith('gatecheck-holder-') && name !== CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    if (!url.pathname.startsWith('/me')) return;
    // Network first for the page (a new deployment shows at once when online), the cached
    // page when offline.
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .open(CACHE)
          .then((cache) => cache.match(SHELL))
          .then((hit) => hit ?? Response.error()),
      ),
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((hit) => hit ?? fetch(request)),
  );
});
