import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatecheckDb } from '../storage/db.ts';
import { loadDeploymentConfig, parseDeploymentConfig } from './config.ts';

const ROOT = 'A'.repeat(43);
const ORIGIN = 'https://gate.example';
let db: GatecheckDb;
let n = 0;
beforeEach(() => {
  db = new GatecheckDb(`config-test-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

describe('deployment config', () => {
  it('accepts a 32-byte root key and resolves apiBase against the app origin', () => {
    expect(parseDeploymentConfig({ rootKey: ROOT, apiBase: '' }, ORIGIN)).toMatchObject({
      apiBase: 'https://gate.example',
      rootKeyText: ROOT,
    });
    expect(parseDeploymentConfig({ rootKey: ROOT, apiBase: 'https://api.example/gc/' }, ORIGIN)?.apiBase).toBe('https://api.example/gc');
    expect(parseDeploymentConfig({ rootKey: ROOT, apiBase: '' }, ORIGIN)?.rootKey.length).toBe(32);
  });

  it('refuses anything else', () => {
    for (const bad of [
      null,
      [],
      'x',
      { rootKey: '', apiBase: '' },
      { rootKey: ROOT.slice(1), apiBase: '' },
      { rootKey: ROOT },
      { rootKey: ROOT, apiBase: 'javascript:alert(1)' },
      { rootKey: ROOT, apiBase: 'https://a.example/?q=1' },
    ]) {
      expect(parseDeploymentConfig(bad, ORIGIN)).toBeNull();
    }
  });

  it('falls back to the last fetched copy only when the file cannot be fetched at all', async () => {
    const served = async () => new Response(JSON.stringify({ rootKey: ROOT, apiBase: '' }));
    expect(await loadDeploymentConfig(db, { origin: ORIGIN, fetch: served })).toMatchObject({ ok: true, source: 'network' });
    const offline = async (): Promise<Response> => {
      throw new TypeError('offline');
    };
    expect(await loadDeploymentConfig(db, { origin: ORIGIN, fetch: offline })).toMatchObject({
      ok: true,
      source: 'stored',
      config: { rootKeyText: ROOT },
    });
    const invalid = async () => new Response(JSON.stringify({ rootKey: 'short', apiBase: '' }));
    expect(await loadDeploymentConfig(db, { origin: ORIGIN, fetch: invalid })).toMatchObject({ ok: false });
    const missing = async () => new Response('not found', { status: 404 });
    expect(await loadDeploymentConfig(db, { origin: ORIGIN, fetch: missing })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/404/),
    });
  });
});
