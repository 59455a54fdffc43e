/** Start-up outside the demo: keys from `gatecheck keygen`, root public half only, bundles signed offline. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { b64uEncode, sealEnvelope, type Ed25519Signer } from '../core/index.ts';
import { createKeyset, type KeyFile } from './keys/key-file.ts';
import { nodeSigner } from './keys/node-signer.ts';
import { openServer, StartupError } from './open-server.ts';
import { copyPgliteTemplate, freshPgliteDb } from './test-support/fresh-pglite.ts';

const base = mkdtempSync(join(tmpdir(), 'gatecheck-open-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

async function bundle(root: Ed25519Signer, seq: number, keys: { key: KeyFile; use: 'issuer' | 'status' }[]): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const doc = {
    type: 'gc1-trust',
    seq,
    issuedAt: now,
    expiresAt: now + 86_400,
    keys: keys.map(({ key, use }) => ({
      kid: key.kid,
      publicKey: b64uEncode(key.publicKey),
      use,
      region: 110000,
      name: { en: use },
      notBefore: now - 60,
      notAfter: now + 86_400,
    })),
  };
  return JSON.stringify(await sealEnvelope(doc, root));
}

/** A data folder as an operator prepares it: keygen output with the root secret removed. */
function deployment() {
  const dir = join(base, `d${++counter}`);
  const keys = createKeyset(join(dir, 'keys'));
  const rootFile = join(dir, 'keys', 'root.json');
  chmodSync(rootFile, 0o600);
  writeFileSync(rootFile, JSON.stringify({ kid: keys.root.kid, publicKey: b64uEncode(keys.root.publicKey) }));
  return { dir, keys, root: nodeSigner(keys.root.seed!) };
}

describe('openServer outside the demo', () => {
  it('publishes a bundle from --trust with only the root public key on the server', async () => {
    const { dir, keys, root } = deployment();
    const file = join(base, 'bundle-2.json');
    writeFileSync(
      file,
      await bundle(root, 2, [
        { key: keys.issuer, use: 'issuer' },
        { key: keys.status, use: 'status' },
      ]),
    );
    const opened = await openServer({ dataDir: dir, trustFile: file, db: await freshPgliteDb(), distDir: null });
    try {
      expect(opened.firstRun.demoCreated).toBe(false);
      expect(opened.firstRun.adminPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(opened.notices.join()).toContain('seq 2 imported');
      const trust = await opened.app.inject({ method: 'GET', url: '/api/trust' });
      expect(trust.body).toBe(readFileSync(file, 'utf8'));
      expect((await opened.app.inject({ method: 'GET', url: '/demo' })).statusCode).toBe(404);
      const codes = await opened.app.inject({ method: 'POST', url: '/api/admin/codes', payload: {} });
      expect(codes.statusCode).toBe(401);
    } finally {
      await opened.app.close();
    }
  });

  it('refuses to start with a bundle signed by another root, or without its status key', async () => {
    const { dir, keys } = deployment();
    const stranger = nodeSigner(new Uint8Array(32).fill(9));
    const foreign = join(base, 'foreign.json');
    writeFileSync(foreign, await bundle(stranger, 1, [{ key: keys.status, use: 'status' }]));
    await expect(openServer({ dataDir: dir, trustFile: foreign, memoryDb: true, distDir: null })).rejects.toThrow(/wrong_root/);

    const other = deployment();
    const noStatus = join(base, 'no-status.json');
    writeFileSync(noStatus, await bundle(other.root, 1, [{ key: other.keys.issuer, use: 'issuer' }]));
    await expect(openServer({ dataDir: other.dir, trustFile: noStatus, memoryDb: true, distDir: null })).rejects.toThrow(StartupError);

    const garbage = join(base, 'garbage.json');
    writeFileSync(garbage, 'not json');
    await expect(openServer({ dataDir: other.dir, trustFile: garbage, memoryDb: true, distDir: null })).rejects.toThrow(/not_json/);
    await expect(openServer({ dataDir: other.dir, trustFile: join(base, 'missing.json'), memoryDb: true, distDir: null })).rejects.toThrow(
      /cannot read/,
    );
  });

  it('keeps the newer bundle when DIR/trust.json is older (no rollback across restarts)', async () => {
    const { dir, keys, root } = deployment();
    const both = [
      { key: keys.issuer, use: 'issuer' as const },
      { key: keys.status, use: 'status' as const },
    ];
    writeFileSync(join(dir, 'trust.json'), await bundle(root, 1, both));
    const newer = join(base, 'newer.json');
    writeFileSync(newer, await bundle(root, 3, both));
    // A persistent PGlite folder, so the second start sees what the first one stored; a copy of
    // the run's initialised cluster, not initdb (on a loaded 2-core host the two starts with
    // initdb went past the 30 s limit).
    await copyPgliteTemplate(join(dir, 'db'));
    const first = await openServer({ dataDir: dir, trustFile: newer, distDir: null });
    await first.app.close();
    const second = await openServer({ dataDir: dir, distDir: null });
    try {
      expect(second.notices.join()).toMatch(/not imported: seq 1 is older than the published 3/);
      expect(second.firstRun.adminPassword).toBeNull();
      const trust = await second.app.inject({ method: 'GET', url: '/api/trust' });
      expect(trust.headers.etag).toMatch(/^"t3-/);
    } finally {
      await second.app.close();
    }
  });

  it('says which key file is missing or lacks its secret', async () => {
    // No key at all starts an empty server (empty-server.test.ts); one of the two missing is refused.
    const { dir } = deployment();
    rmSync(join(dir, 'keys', 'status.json'));
    await expect(openServer({ dataDir: dir, memoryDb: true, distDir: null })).rejects.toThrow(/status\.json/);
    const { dir: d2, keys } = deployment();
    const statusFile = join(d2, 'keys', 'status.json');
    chmodSync(statusFile, 0o600);
    writeFileSync(statusFile, JSON.stringify({ kid: keys.status.kid, publicKey: b64uEncode(keys.status.publicKey) }));
    await expect(openServer({ dataDir: d2, memoryDb: true, distDir: null })).rejects.toThrow(/status\.json has no secretKey/);
  });

  /** A deployment whose bundle lists its issuer key, the issuer key file kept outside the data folder. */
  async function issuerDeployment() {
    const { dir, keys, root } = deployment();
    const file = join(base, `bundle-issuer-${counter}.json`);
    writeFileSync(
      file,
      await bundle(root, 1, [
        { key: keys.issuer, use: 'issuer' },
        { key: keys.status, use: 'status' },
      ]),
    );
    const issuerFile = join(base, `issuer-${counter}.json`);
    writeFileSync(issuerFile, readFileSync(join(dir, 'keys', 'issuer.json')));
    rmSync(join(dir, 'keys', 'issuer.json'), { force: true });
    return { dir, keys, file, issuerFile };
  }

  it('--issuer-key: refuses to start with a key the trust bundle does not list as an issuer key, or a file that is no usable key', async () => {
    const { dir, keys, file } = await issuerDeployment();
    createKeyset(join(base, `other-${counter}`));
    const unlisted = join(base, `other-${counter}`, 'issuer.json');
    await expect(
      openServer({ dataDir: dir, trustFile: file, issuerKeyFile: unlisted, db: await freshPgliteDb(), distDir: null }),
    ).rejects.toThrow(/--issuer-key .* refused: .*does not list the issuer key/);
    const statusAsIssuer = join(base, `status-as-issuer-${counter}.json`);
    writeFileSync(
      statusAsIssuer,
      JSON.stringify({ kid: keys.status.kid, publicKey: b64uEncode(keys.status.publicKey), secretKey: b64uEncode(keys.status.seed!) }),
    );
    await expect(
      openServer({ dataDir: dir, trustFile: file, issuerKeyFile: statusAsIssuer, db: await freshPgliteDb(), distDir: null }),
    ).rejects.toThrow(/as an issuer key/);
    // These fail before any database is opened or anything is written.
    const publicOnly = join(base, `public-only-${counter}.json`);
    writeFileSync(publicOnly, JSON.stringify({ kid: keys.issuer.kid, publicKey: b64uEncode(keys.issuer.publicKey) }));
    await expect(openServer({ dataDir: dir, trustFile: file, issuerKeyFile: publicOnly, distDir: null })).rejects.toThrow(
      /has no secretKey/,
    );
    await expect(openServer({ dataDir: dir, trustFile: file, issuerKeyFile: join(base, 'nope.json'), distDir: null })).rejects.toThrow(
      /not found/,
    );
  });

  it('--issuer-key: signs holder codes with a key the trust bundle lists as an issuer key', async () => {
    const { dir, keys, file, issuerFile } = await issuerDeployment();
    const opened = await openServer({ dataDir: dir, trustFile: file, issuerKeyFile: issuerFile, db: await freshPgliteDb(), distDir: null });
    try {
      expect(opened.context.keys?.issuer?.kid).toBe(keys.issuer.kid);
      const holder = nodeSigner(new Uint8Array(32).fill(5));
      const applied = await opened.app.inject({
        method: 'POST',
        url: '/api/holder/applications',
        payload: {
          holderKey: b64uEncode(holder.publicKey),
          name: '张三',
          idType: 'resident_id',
          idNumber: '110101199001011234',
          region: 110101,
          declaration: { symptoms: false, travel: false, contact: false },
        },
      });
      expect(applied.statusCode).toBe(201);
      expect(applied.json().application.code).toMatchObject({ maskedName: '张*', hint: '1234' });
    } finally {
      await opened.app.close();
    }
  });

  it('without --issuer-key and no listed DIR/keys/issuer.json, applications are refused (503) and the start says why', async () => {
    const { dir, keys, root } = deployment();
    const file = join(base, 'bundle-no-issuer.json');
    writeFileSync(file, await bundle(root, 1, [{ key: keys.status, use: 'status' }]));
    const opened = await openServer({ dataDir: dir, trustFile: file, db: await freshPgliteDb(), distDir: null });
    try {
      expect(opened.notices.join()).toMatch(/holder codes are not issued: .*does not list the issuer key/);
      const applied = await opened.app.inject({
        method: 'POST',
        url: '/api/holder/applications',
        payload: {
          holderKey: b64uEncode(new Uint8Array(32).fill(1)),
          name: 'A B',
          idType: 'passport',
          idNumber: 'E1234',
          region: 110101,
          declaration: { symptoms: false, travel: false, contact: false },
        },
      });
      expect(applied.statusCode).toBe(503);
    } finally {
      await opened.app.close();
    }
  });
});
