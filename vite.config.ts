/**
 * Build of the scanner PWA: Preact, a module Web Worker for the decoder, and a generated
 * service worker that precaches the app shell, the zxing .wasm, translations (bundled into
 * the JS chunks), icons and config.json so the app starts with no network at all.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA, type ManifestOptions } from 'vite-plugin-pwa';
import { precompress } from './scripts/precompress.ts';
import { holderServiceWorker } from './scripts/vite-holder-sw.ts';

// One manifest file at the repository root (the skeleton's manifest.webmanifest); the PWA
// plugin emits it into dist and links it from index.html.
const manifest = JSON.parse(readFileSync(new URL('./manifest.webmanifest', import.meta.url), 'utf8')) as Partial<ManifestOptions>;
const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The pages of the build (entry name → HTML file). A new app is one more line here; an entry
 * that is not part of the offline scanner also goes into OWN_FOLDER_ENTRIES (its files get
 * their own folder under assets/, kept out of the scanner's precache below).
 */
const PAGES: Record<string, string> = {
  index: 'index.html',
  admin: 'admin.html',
  // The holder app at /me/: its own service worker (scripts/vite-holder-sw.ts) precaches its
  // files, named assets/me-*, which the scanner's precache leaves out (globIgnores below).
  me: 'me/index.html',
};
/** Entries whose JS and CSS go to assets/<folder>/ (not precached by the scanner's service worker). */
const OWN_FOLDER_ENTRIES: Record<string, string> = { admin: 'console' };

const input = Object.fromEntries(Object.entries(PAGES).map(([name, file]) => [name, fileURLToPath(new URL(`./${file}`, import.meta.url))]));
/** The assets/ subfolder (with its slash) of an entry chunk, or of a CSS file named after its entry. */
const entryFolder = (name: string): string => (OWN_FOLDER_ENTRIES[name] ? `${OWN_FOLDER_ENTRIES[name]}/` : '');
const cssFolder = (names: readonly string[]): string =>
  entryFolder(Object.keys(OWN_FOLDER_ENTRIES).find((entry) => names.includes(`${entry}.css`)) ?? '');

/**
 * vite-plugin-pwa 2.0 builds the service worker with `output.inlineDynamicImports: true`, which
 * rolldown (Vite 8) deprecates with a warning on every build. `codeSplitting: false` is the
 * same single-file output under its new name, so this swaps the option before rolldown sees it.
 */
const swSingleFile: Plugin = {
  name: 'gatecheck:sw-single-file',
  config(config) {
    const output = config.build?.rollupOptions?.output;
    if (!output || Array.isArray(output) || !('inlineDynamicImports' in output)) return;
    const { inlineDynamicImports, ...rest } = output;
    config.build!.rollupOptions!.output = { ...rest, codeSplitting: !inlineDynamicImports };
  },
};

/** tweetnacl and core's module around it: imported for their exports only (see treeshake below). */
const TWEETNACL = /[\\/](node_modules[\\/]tweetnacl[\\/]|src[\\/]core[\\/]crypto[\\/]tweetnacl-ed25519\.ts$)/;

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
        globIgnores: [
          '**/node_modules/**/*',
          ...Object.keys(OWN_FOLDER_ENTRIES).map((name) => PAGES[name]!),
          ...Object.values(OWN_FOLDER_ENTRIES).map((folder) => `assets/${folder}/**`),
          'me/**',
          'assets/me-*',
        ],
        buildPlugins: { vite: [swSingleFile] },
      },
    }),
    // The holder app (third entry, /me/): its own service worker with scope /me/.
    holderServiceWorker(),
    // Last: .br and .gz copies of every file written above, the service worker included.
    precompress(),
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
      input,
      // tweetnacl is CommonJS, so a bundler must assume that importing it (and our module that
      // wraps it) does something, and the core barrel's re-export kept it in every page's
      // start-up chunks, 11 KB gzip, although only a browser without native Ed25519 needs it
      // (src/platform/crypto.ts loads it then). Neither does anything on import but build exports.
      treeshake: { moduleSideEffects: (id: string) => !TWEETNACL.test(id) },
      output: {
        entryFileNames: (chunk) => `assets/${entryFolder(chunk.name)}[name]-[hash].js`,
        assetFileNames: (asset) => `assets/${cssFolder(asset.names)}[name]-[hash][extname]`,
      },
    },
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
