/**
 * Registers the service worker (precache of the app shell, decoder, translations, config)
 * and reports a waiting update. It never reloads by itself: the app is handed an `apply`
 * function and calls it only when no verdict is on screen.
 */
import { Workbox } from 'workbox-window';

/** Callbacks from the service-worker bridge; it imports no UI code. */
export interface ServiceWorkerHooks {
  /** A new version is installed and waiting; calling `apply` activates it and reloads. */
  onUpdateReady(apply: () => void): void;
  /** The app shell is cached: the app will start with no network from now on. */
  onOfflineReady?(): void;
}

/** Registers `sw.js` from the app's base; does nothing where service workers are missing (http on a LAN address). */
export function registerServiceWorker(hooks: ServiceWorkerHooks): void {
  if (!('serviceWorker' in navigator)) return;
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  wb.addEventListener('waiting', () => {
    hooks.onUpdateReady(() => {
      // Reload only once the new worker controls the page, or the old cache serves it again.
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  wb.addEventListener('activated', (event) => {
    if (!event.isUpdate) hooks.onOfflineReady?.();
  });
  void wb.register().catch((error: unknown) => console.error('service worker registration failed', error));
}

/**
 * Asks the browser to keep our IndexedDB under storage pressure: unsynced entries and the
 * trust data must not be evicted. Chrome grants it silently to installed PWAs and sites
 * with engagement; a refusal is not an error, the app works either way.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}
