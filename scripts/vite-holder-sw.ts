/**
 * Vite plugin for the holder app (/me/): emits its service worker as dist/me/sw.js with the
 * list of files to precache (the holder page, every chunk and stylesheet the `me` entry
 * loads, statically or lazily, its manifest and icons) and a version hash of that list, so
 * a new deployment installs a new cache and drops the old one. The scanner's own service
 * worker (vite-plugin-pwa) ignores me/ and the holder's entry files (vite.config.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transformWithOxc, type Plugin } from 'vite';

/** The holder's public files (public/me/), served and cached as they are. */
const PUBLIC_FILES = ['/me/manifest.webmanifest', '/me/icons/icon-192.png', '/me/icons/icon-512.png', '/me/icons/maskable-512.png'];

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  name: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}

export function holderServiceWorker(entryName = 'me'): Plugin {
  return {
    name: 'gatecheck-holder-sw',
    apply: 'build',
    enforce: 'post',
    // vite-plugin-pwa links the scanner's manifest into every page; the holder page has its own.
    transformIndexHtml: {
      order: 'post',
      handler: (html, context) =>
        context.path.endsWith('/me/index.html') ? html.replace(/\s*<link rel="manifest" href="\/manifest\.webmanifest"\s*\/?>/g, '') : html,
    },
    async generateBundle(_options, bundle) {
      const chunks = new Map<string, ChunkLike>();
      for (const item of Object.values(bundle)) if (item.type === 'chunk') chunks.set(item.fileName, item as unknown as ChunkLike);
      const entry = [...chunks.values()].find((c) => c.isEntry && c.name === entryName);
      if (!entry) return; // a build without the holder entry (none today) has no holder worker
      const files = new Set<string>();
      const visit = (fileName: string) => {
        if (files.has(fileName)) return;
        files.add(fileName);
        const chunk = chunks.get(fileName);
        if (!chunk) return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset);
        for (const next of [...chunk.imports, ...chunk.dynamicImports]) visit(next);
      };
      visit(entry.fileName);
      const urls = ['/me/', ...[...files].sort().map((f) => `/${f}`), ...PUBLIC_FILES];
      const version = createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 16);
      const source = readFileSync(new URL('../src/holder/sw/holder-sw.ts', import.meta.url), 'utf8');
      const { code: module } = await transformWithOxc(source, 'holder-sw.ts', { lang: 'ts' });
      // The source is a module only for the type checker: a classic worker script has no export.
      const code = module.replace(/^export\s*\{\s*\};?\s*$/m, '');
      this.emitFile({
        type: 'asset',
        fileName: 'me/sw.js',
        source: `const __HOLDER_PRECACHE__ = ${JSON.stringify({ version, urls })};\n${code}`,
      });
    },
  };
}
