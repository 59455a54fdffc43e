/**
 * The service worker: precaches the app shell, the decoder (.wasm and worker), translations
 * (bundled in the JS), icons and config.json, so the app starts with no network; answers
 * navigations with the cached shell (never the API); activates an update only when the page
 * asks (the guard's prompt, shown only when no verdict is on screen); uploads entries on
 * Background Sync (background-sync.ts).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { clientsClaim } from 'workbox-core';
import { listenForBackgroundSync } from './background-sync.ts';

// src/sw/tsconfig.json gives the WebWorker lib, whose `self` is any worker's scope; a module
// service worker names its own (TypeScript's documented pattern; workbox-precaching adds
// __WB_MANIFEST to ServiceWorkerGlobalScope).
declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// API, admin console and health check always go to the network: stale trust data must look
// stale, and an offline API call must fail visibly rather than get the app shell. The holder
// app (/me/) has its own service worker and page: never answer it with the scanner's.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /^\/admin/, /^\/healthz/, /^\/me(\/|$)/] }),
);

// workbox-window's messageSkipWaiting() sends this when the guard accepts the update.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// First install: control the open page at once, so the first visit already works offline.
clientsClaim();
listenForBackgroundSync(self);
