import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { renderFrame } from '../../test/fixtures/frames.ts';
import { zxingReaderWasmPath } from './node/zxing-node.ts';
import { createZxingDecoder } from './zxing-decoder.ts';

// The app's path: the .wasm URL of our own origin (what the worker passes). A stand-in fetch
// serves the packaged file and records every URL asked for, so the test fails if zxing-wasm
// asks for anything else (its jsDelivr default in particular).
const requested: string[] = [];
const realFetch = globalThis.fetch;
afterAll(() => {
  globalThis.fetch = realFetch;
});

describe('zxing-wasm loaded from a same-origin URL', () => {
  it('fetches exactly the given URL, never a CDN, and then reads codes', async () => {
    const wasm = await readFile(zxingReaderWasmPath());
    globalThis.fetch = vi.fn(async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      requested.push(url);
      if (url !== 'https://gate.example/assets/zxing_reader-abc123.wasm') return new Response('not found', { status: 404 });
      return new Response(wasm, { headers: { 'content-type': 'application/wasm' } });
    }) as typeof fetch;

    const decoder = await createZxingDecoder({ wasmUrl: 'https://gate.example/assets/zxing_reader-abc123.wasm' });
    const generated = renderFrame({ kind: 'clean', width: 640, height: 480, seed: 21 });
    expect(await decoder.decode(generated.frame)).toBe(generated.text);
    expect(requested).toEqual(['https://gate.example/assets/zxing_reader-abc123.wasm']);
  });
});
