/** The Background Sync tag shared by the page (registers it) and the service worker (handles it). */
export const BACKGROUND_SYNC_TAG = 'gatecheck-push-entries';
