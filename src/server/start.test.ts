// What the operator reads at start: every address, then the one-time password last, in a box.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startServer } from './start.ts';
import { freshPgliteDb } from './test-support/fresh-pglite.ts';

const base = mkdtempSync(join(tmpdir(), 'gatecheck-start-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

it('prints the scanner, holder app, console, demo and metrics addresses, then the password last in a box', async () => {
  const lines: string[] = [];
  const server = await startServer({
    dataDir: join(base, 'data'),
    demo: true,
    db: await freshPgliteDb(),
    distDir: null,
    host: '127.0.0.1',
    port: 0,
    handleSignals: false,
    publicUrl: 'https://gate.example.org/',
    print: (line) => lines.push(line),
  });
  try {
    expect(lines[0]).toMatch(/^gatecheck serve: listening on http:\/\/127\.0\.0\.1:\d+ \(database: pglite\)$/);
    const text = lines.join('\n');
    expect(text).toContain('scanner app:   https://gate.example.org/\n');
    expect(text).toContain('holder app:    https://gate.example.org/me/\n');
    expect(text).toContain('admin console: https://gate.example.org/admin\n');
    expect(text).toContain('demo codes:    https://gate.example.org/demo');
    expect(text).toContain('metrics:       https://gate.example.org/metrics');
    const box = lines.slice(-5);
    expect(box[0]).toMatch(/^┌─+┐$/);
    expect(box[1]).toMatch(/one-time password:/);
    expect(box[2]).toMatch(/^│ [A-Za-z0-9_-]{24} +│$/);
    expect(box[3]).toContain(join(base, 'data', 'admin-password.txt'));
    expect(box[4]).toMatch(/^└─+┘$/);
    expect(new Set(box.map((line) => [...line].length)).size).toBe(1);
  } finally {
    await server.close();
  }
});

it('without --demo on a folder without keys: says what is missing and the commands, then the password last in a box', async () => {
  const lines: string[] = [];
  const server = await startServer({
    dataDir: join(base, 'empty'),
    db: await freshPgliteDb(),
    distDir: null,
    host: '127.0.0.1',
    port: 0,
    handleSignals: false,
    print: (line) => lines.push(line),
  });
  try {
    const text = lines.join('\n');
    expect(text).toContain('admin console: http://127.0.0.1:');
    expect(text).not.toContain('demo codes:');
    expect(text).toMatch(
      /not set up: .*holds no keys[\s\S]*gatecheck keygen --out keys[\s\S]*gatecheck trust --root[\s\S]*restart the server/,
    );
    const box = lines.slice(-5);
    expect(box[1]).toMatch(/one-time password:/);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toMatchObject({ ok: true, setUp: false });
  } finally {
    await server.close();
  }
});
