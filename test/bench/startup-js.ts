/**
 * Which JavaScript files of a built app load at start: the module scripts of index.html, what
 * they import statically, and the module workers they start (new Worker(new URL(...))), with
 * their static imports in turn. Dynamic import() chunks (loaded only when needed) are left out.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

const STATIC_IMPORT = /\bimport\s*(?:[^'"`()]*?\bfrom\s*)?[`'"]((?:\.{1,2})?\/[^`'"]+\.js)[`'"]/g;
const WORKER_URL = /new Worker\(\s*new URL\(\s*[`'"]([^`'"]+\.js)[`'"]/g;
const HTML_SCRIPT = /<script[^>]*\bsrc="([^"]+\.js)"/g;
const HTML_PRELOAD = /<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g;

/** Paths (relative to `dist`) of the JS files that load when the app (`page`, default the scanner's) starts. */
export function startupJsFiles(dist: string, page = 'index.html'): string[] {
  const html = readFileSync(join(dist, page), 'utf8');
  const queue = [...html.matchAll(HTML_SCRIPT), ...html.matchAll(HTML_PRELOAD)].map((m) => m[1]!.replace(/^\//, ''));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = posix.normalize(queue.shift()!);
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const match of [...code.matchAll(STATIC_IMPORT), ...code.matchAll(WORKER_URL)]) {
      const target = match[1]!;
      queue.push(target.startsWith('/') ? target.slice(1) : posix.join(dirname(file), target));
    }
  }
  return [...seen].sort();
}
