/** Entry point of the holder app (/me/): storage, device key, service, language, service worker. */
import { render } from 'preact';
import { App } from './app.tsx';
import { holderApi } from './api/client.ts';
import { isLang, pickLanguage, type Lang } from './i18n/i18n.ts';
import { loadOrCreateDeviceKey, type StoredDeviceKey } from './keys/device-key.ts';
import { HolderService } from './services/holder-service.ts';
import { HolderDb } from './storage/db.ts';
import { peopleStore } from './storage/people.ts';
import './styles.css';

const root = document.getElementById('holder')!;

async function start(): Promise<void> {
  const store = peopleStore(new HolderDb());
  const key = await loadOrCreateDeviceKey(
    { load: () => store.getMeta<StoredDeviceKey>('deviceKey'), save: (k) => store.setMeta('deviceKey', k) },
    globalThis.crypto?.subtle,
    (bytes) => crypto.getRandomValues(bytes),
  );
  const service = await HolderService.open({
    api: holderApi(),
    store,
    key,
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    isOnline: () => navigator.onLine,
    isVisible: () => document.visibilityState === 'visible',
  });
  const saved = await store.getMeta<string>('lang');
  const lang: Lang = isLang(saved) ? saved : pickLanguage(navigator.languages ?? [navigator.language]);
  addEventListener('online', () => service.setOnline(true));
  addEventListener('offline', () => service.setOnline(false));
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void service.refreshAll());
  service.start();
  render(<App service={service} lang={lang} saveLang={(l) => void store.setMeta('lang', l)} />, root);
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    navigator.serviceWorker
      .register('/me/sw.js', { scope: '/me/' })
      .catch((error: unknown) => console.warn('holder service worker:', error));
  }
}

start().catch((error: unknown) => {
  console.error(error);
  root.textContent = `这个应用无法启动 / This app could not start: ${error instanceof Error ? error.message : String(error)}`;
  root.setAttribute('role', 'alert');
});
