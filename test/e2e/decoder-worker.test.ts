/**
 * The decoder worker and its main-thread client (src/platform/decoder-client.ts) in Debian's
 * Chromium, loaded from source through a Vite dev server: the engine chosen at start-up, frames
 * as ImageData and as ImageBitmap, a frame offered while one is in flight dropped at once,
 * jsQR on request, terminate(); and the zxing .wasm fetched from our own origin only.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gc1LikeText, renderFrame } from '../fixtures/frames.ts';
import { renderCodeGrid } from '../fixtures/code-grid.ts';
import { CHROMIUM } from './support/browser.ts';

let vite: ViteDevServer;
let browser: Browser;
let page: Page;
let origin = '';
const requests: string[] = [];

const clean = renderFrame({ kind: 'clean', width: 640, height: 480, seed: 41 });
const noisy = renderFrame({ kind: 'noisy', width: 1280, height: 720, seed: 42 });
const empty = renderFrame({ kind: 'no-code', width: 640, height: 480, seed: 43 });
/** A family's three holder-bound-sized codes side by side in one 720p frame. */
const groupTexts = [44, 45, 46].map((seed) => gc1LikeText(seed, 300));
const group = { frame: renderCodeGrid(groupTexts, 1280, 720, 3) };

beforeAll(async () => {
  const started = performance.now();
  vite = await createServer({
    root: fileURLToPath(new URL('../..', import.meta.url)),
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'error',
    // Only jsQR (CommonJS) needs pre-bundling here; scanning the whole app for dependencies
    // would cost a minute on two busy cores, and a dependency found later would re-optimise mid-test.
    optimizeDeps: { include: ['jsqr'], noDiscovery: true },
    server: { host: '127.0.0.1', port: 0, hmr: false },
  });
  await vite.listen();
  origin = vite.resolvedUrls!.local[0]!.replace(/\/$/, '');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  page.on('request', (request) => void requests.push(request.url()));
  // Any same-origin document will do; the app's own page would start its camera and worker too.
  await page.goto(`${origin}/manifest.webmanifest`);
  const frames = Object.fromEntries(
    Object.entries({ clean, noisy, empty, group }).map(([name, g]) => [
      name,
      { base64: Buffer.from(g.frame.data.buffer).toString('base64'), width: g.frame.width, height: g.frame.height },
    ]),
  );
  await page.evaluate((given) => {
    (globalThis as unknown as { testFrames: unknown }).testFrames = given;
  }, frames);
  console.log(`decoder e2e: set up in ${Math.round(performance.now() - started)} ms`);
});

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

/** Runs page code (a string, so the test's transform never touches it) with the frames as ImageData. */
function inPage<T>(body: string): Promise<T> {
  return page.evaluate(`(async () => {
    const raw = globalThis.testFrames;
    const frame = (name) => new ImageData(Uint8ClampedArray.from(atob(raw[name].base64), (c) => c.charCodeAt(0)), raw[name].width, raw[name].height);
    const { createDecoderClient } = await import('/src/platform/decoder-client.ts');
    ${body}
  })()`) as Promise<T>;
}

describe('decoder worker and client in Chromium', () => {
  it('starts zxing-wasm and reads ImageData and ImageBitmap frames; no code gives null', async () => {
    const result = await inPage<{ name: string; bitmaps: boolean; texts: (string | null)[]; ms: number }>(`
      const client = await createDecoderClient();
      const first = await client.decode(frame('clean'));
      const noisy = await client.decode(frame('noisy'));
      const none = await client.decode(frame('empty'));
      const bitmap = await client.decode(await createImageBitmap(frame('clean')));
      client.terminate();
      return { name: client.decoderName, bitmaps: client.acceptsBitmaps, ms: first.ms,
               texts: [first?.text ?? null, noisy?.text ?? null, none, bitmap?.text ?? null] };
    `);
    expect(result.name).toBe('zxing-wasm');
    expect(result.bitmaps).toBe(true);
    expect(result.texts).toEqual([clean.text, noisy.text, null, clean.text]);
    expect(result.ms).toBeGreaterThan(0);
  });

  it('hands up every code of a frame: a group of three in one, a single code as one text', async () => {
    const result = await inPage<{ one: string[] | null; group: string[] | null; first: string | null }>(`
      const client = await createDecoderClient();
      const one = await client.decode(frame('clean'));
      const group = await client.decode(frame('group'));
      client.terminate();
      return { one: one?.texts ?? null, group: group?.texts ?? null, first: group?.text ?? null };
    `);
    expect(result.one).toEqual([clean.text]);
    expect(new Set(result.group)).toEqual(new Set(groupTexts));
    expect(result.group).toHaveLength(3);
    expect(result.first).toBe(result.group![0]);
  });

  it('drops a frame offered while one is in flight, and detaches what it was given', async () => {
    const result = await inPage<{ first: string | null; second: unknown; busyDuring: boolean; busyAfter: boolean; detached: boolean }>(`
      const client = await createDecoderClient();
      const image = frame('noisy');
      const pending = client.decode(image);
      const busyDuring = client.busy;
      const second = await client.decode(frame('clean'));
      const first = await pending;
      const busyAfter = client.busy;
      client.terminate();
      return { first: first?.text ?? null, second, busyDuring, busyAfter, detached: image.data.length === 0 };
    `);
    expect(result).toEqual({ first: noisy.text, second: null, busyDuring: true, busyAfter: false, detached: true });
  });

  it('uses jsQR when asked, and resolves null once terminated', async () => {
    const result = await inPage<{ name: string; text: string | null; afterEnd: unknown }>(`
      const client = await createDecoderClient({ prefer: 'jsqr' });
      const read = await client.decode(frame('clean'));
      client.terminate();
      const afterEnd = await client.decode(frame('clean'));
      return { name: client.decoderName, text: read?.text ?? null, afterEnd };
    `);
    expect(result).toEqual({ name: 'jsqr', text: clean.text, afterEnd: null });
  });

  it('fetched the zxing .wasm from our own origin and nothing from anywhere else', () => {
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    expect(requests.some((url) => /zxing_reader\.wasm/.test(url))).toBe(true);
  });
});
