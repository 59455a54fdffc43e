/**
 * Build of the scanner PWA: Preact, a module Web Worker for the decoder, and a generated
 * service worker that precaches the app shell, the zxing .wasm, translations (bundled into
 * the JS chunks), icons and config.json so the app starts with no network at all.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';
import { holderServiceWorker } from './scripts/vite-holder-sw.ts';

// One manifest file at the repository root (the skeleton's manifest.webmanifest); the PWA
// plugin emits it into dist and links it from index.html.
const manifest = JSON.parse(readFileSync(new URL('./manifest.webmanifest', import.meta.url), 'utf8')) as Partial<ManifestOptions>;
const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(version) },
  plugins: [
    preact(),
    VitePWA({
      // The guard decides when to update: workbox-window shows a prompt and the app applies
      // it only while no verdict is on screen (src/platform/pwa/).
      registerType: 'prompt',
      injectRegister: false,
      // Our own service worker (src/sw/sw.ts): precache plus Background Sync of entries.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      manifest,
      includeManifestIcons: true,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,wasm,json,png,svg,webmanifest}'],
        // The zxing reader .wasm is about 0.95 MB; the default 2 MiB leaves too little room.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        // The admin console (second entry below, built into assets/console/) is not part of
        // the offline scanner. Chunks it shares with the scanner stay in assets/ and precached.
        globIgnores: ['**/node_modules/**/*', 'admin.html', 'assets/console/**', 'me/**', 'assets/me-*'],
      },
    }),
    // The holder app (third entry, /me/): its own service worker with scope /me/.
    holderServiceWorker(),
  ],
  worker: { format: 'es' },
  // zxing-wasm resolves its .wasm itself; pre-bundling it in dev breaks that lookup.
  optimizeDeps: { exclude: ['zxing-wasm'] },
  build: {
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    // Two pages: the scanner (index.html) and the admin console (admin.html, src/admin/),
    // which `gatecheck serve` serves at /admin. The console's own entry and CSS go to
    // assets/console/ (by name, not by a file-name prefix a shared chunk could also get).
    rolldownOptions: {
      input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), admin: fileURLToPath(new URL('./admin.html', import.meta.url)), me: fileURLToPath(new URL('./me/index.html', import.meta.url)) },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'admin' ? 'assets/console/[name]-[hash].js' : 'assets/[name]-[hash].js'),
        assetFileNames: (asset) => (asset.names.includes('admin.css') ? 'assets/console/[name]-[hash][extname]' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
