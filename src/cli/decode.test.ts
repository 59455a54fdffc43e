import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFrame, type FrameKind } from '../../test/fixtures/frames.ts';
import { runGatecheck } from '../../test/support/cli.ts';
import type { CliIO } from './command.ts';
import { command, formatPlainLine } from './decode.ts';
import { decodeImageBytes } from './image-file.ts';

let dir = '';
const texts: Record<string, string | null> = {};

async function writeImage(name: string, kind: FrameKind, width: number, height: number, seed: number) {
  const { frame, text } = renderFrame({ kind, width, height, seed });
  const pixels = Buffer.from(frame.data.buffer);
  const file = path.join(dir, name);
  if (name.endsWith('.png')) {
    const png = new PNG({ width, height });
    png.data = pixels;
    await writeFile(file, PNG.sync.write(png));
  } else {
    await writeFile(file, jpeg.encode({ data: pixels, width, height }, 80).data);
  }
  texts[name] = text;
  return file;
}

function captureIO() {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    readStdin: async () => '',
  };
  return { io, out };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gatecheck-decode-'));
  await writeImage('clean.png', 'clean', 640, 480, 31);
  await writeImage('noisy.jpg', 'noisy', 1280, 720, 32);
  await writeImage('rotated.jpg', 'rotated', 800, 600, 33);
  await writeImage('nothing.jpg', 'no-code', 640, 480, 34);
  await writeFile(path.join(dir, 'notes.txt'), 'not an image');
  // A PNG whose last chunk's CRC is wrong: pngjs refuses it, zxing's own loader still reads it.
  const good = await readFile(await writeImage('crc.png', 'clean', 480, 360, 36));
  good[good.length - 1]! ^= 0xff;
  await writeFile(path.join(dir, 'crc.png'), good);
  // A PNG signature followed by garbage: sniffed as PNG, then refused as damaged.
  await writeFile(path.join(dir, 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = (name: string) => path.join(dir, name);

describe('gatecheck decode', () => {
  it('reads generated PNG and JPEG files; exit 0 when every image held a code', async () => {
    const { io, out } = captureIO();
    const code = await command.run(['--json', at('clean.png'), at('noisy.jpg'), at('rotated.jpg')], io);
    expect(code).toBe(0);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [path.basename(String(l.file)), l.text, l.decoder])).toEqual([
      ['clean.png', texts['clean.png'], 'zxing-wasm'],
      ['noisy.jpg', texts['noisy.jpg'], 'zxing-wasm'],
      ['rotated.jpg', texts['rotated.jpg'], 'zxing-wasm'],
    ]);
    for (const line of lines) expect(line.ms).toBeGreaterThan(0);
    expect(out.stderr).toBe('');
  });

  it('reads a file pngjs refuses with the zxing-wasm image loader, and only with zxing', async () => {
    const zxing = captureIO();
    expect(await command.run(['--json', at('crc.png')], zxing.io)).toBe(0);
    expect(JSON.parse(zxing.out.stdout).text).toBe(texts['crc.png']);
    const jsqr = captureIO();
    expect(await command.run(['--decoder', 'jsqr', at('crc.png')], jsqr.io)).toBe(2);
    expect(jsqr.out.stderr).toMatch(/crc\.png: damaged PNG file \(Crc error/);
  });

  it('prints one tab-separated line per image and exits 1 when any image has no code', async () => {
    const { io, out } = captureIO();
    const code = await command.run([at('clean.png'), at('nothing.jpg')], io);
    expect(code).toBe(1);
    const [first, second] = out.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t'));
    expect(first?.slice(0, 2)).toEqual([at('clean.png'), texts['clean.png']]);
    expect(second?.slice(0, 2)).toEqual([at('nothing.jpg'), '(no QR code)']);
    expect(second?.[2]).toMatch(/^\d+\.\d ms$/);
  });

  it('decodes with jsQR on request, for comparison', async () => {
    const { io, out } = captureIO();
    const code = await command.run(['--json', '--decoder', 'jsqr', at('clean.png'), at('nothing.jpg')], io);
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => [l.text, l.decoder])).toEqual([
      [texts['clean.png'], 'jsqr'],
      [null, 'jsqr'],
    ]);
    expect(code).toBe(1);
  });

  it('exits 2 with one line per unreadable file, still reporting the readable ones', async () => {
    const { io, out } = captureIO();
    const code = await command.run([at('notes.txt'), at('broken.png'), at('missing.jpg'), at('clean.png')], io);
    expect(code).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual([
      `gatecheck decode: ${at('notes.txt')}: not a PNG or JPEG file`,
      expect.stringMatching(new RegExp(`^gatecheck decode: ${at('broken.png')}: damaged PNG file \\(.+\\)$`)),
      `gatecheck decode: ${at('missing.jpg')}: no such file`,
    ]);
    expect(out.stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('refuses bad usage with exit 2 and a one-line message through the real command', async () => {
    await expect(command.run([], captureIO().io)).rejects.toThrow('no image files given');
    const wrongEngine = await runGatecheck(['decode', '--decoder', 'quagga', at('clean.png')]);
    expect(wrongEngine.code).toBe(2);
    expect(wrongEngine.stderr).toContain('--decoder');
    expect(command.help).toContain('Usage: gatecheck decode');
    const real = await runGatecheck(['decode', at('clean.png')]);
    expect([real.code, real.stdout.split('\t')[1]]).toEqual([0, texts['clean.png']]);
  });
});

describe('output and image reading', () => {
  it('keeps a text with control characters on one line', () => {
    expect(formatPlainLine({ file: 'a.png', text: 'line one\nline\ttwo', ms: 3.25, decoder: 'zxing-wasm' })).toBe(
      'a.png\t"line one\\nline\\ttwo"\t3.3 ms',
    );
  });

  it('tells PNG from JPEG by content, not by name', async () => {
    const bytes = new Uint8Array(await readFile(at('noisy.jpg')));
    const decoded = decodeImageBytes(bytes);
    expect([decoded.format, decoded.image.width, decoded.image.height]).toEqual(['jpeg', 1280, 720]);
    expect(decoded.image.data.length).toBe(1280 * 720 * 4);
  });
});
