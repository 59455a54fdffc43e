/**
 * Issue 17's reproduction: two servers on one PostgreSQL, each started on its own empty data
 * folder. The second one's keys are not in the bundle the database serves, so it must never
 * sign a status list (a delta signed by an unlisted key stops status sync on every scanner).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { b64uEncode, decodeEnvelope, kidOf, sealEnvelope } from '../../core/index.ts';
import { migrate } from '../db/migrate.ts';
import { createKeyset } from '../keys/key-file.ts';
import { nodeSigner } from '../keys/node-signer.ts';
import { openServer, type OpenedServer } from '../open-server.ts';
import { ADMIN_PASSWORD, usePostgres } from '../test-support/harness.ts';
import { freshPgliteDb } from '../test-support/fresh-pglite.ts';
import { DEFAULT_STATUS_SETTINGS, StatusPublisher } from './status-publisher.ts';

const cluster = usePostgres();
const base = mkdtempSync(join(tmpdir(), 'gatecheck-status-guard-'));
const opened: OpenedServer[] = [];
afterAll(async () => {
  for (const server of opened) await server.app.close();
  rmSync(base, { recursive: true, force: true });
});

const CID = 'AAECAwQFBgcICQoLDA0ODw';

/** The kids that signed the stored deltas and snapshots. */
async function signingKids(server: OpenedServer): Promise<Set<string>> {
  const rows = await server.context.db.query<{ envelope: string }>(
    'SELECT envelope FROM status_deltas UNION ALL SELECT envelope FROM status_snapshots',
  );
  return new Set(rows.map((r) => b64uEncode(decodeEnvelope(JSON.parse(r.envelope))!.kid)));
}

describe('a status list is signed only by a key the served bundle lists', () => {
  it('two servers on one PostgreSQL, each on an empty folder: the second never signs', async () => {
    const databaseUrl = await (await cluster()).createDatabase(`guard_${process.pid}`);
    const start = (name: string, demo: boolean) =>
      openServer({ dataDir: join(base, name), demo, databaseUrl, adminPassword: ADMIN_PASSWORD, distDir: null });
    const first = await start('a', true);
    opened.push(first);
    const listedKid = first.context.status.kid;

    // The second demo would publish its revoked demo code with its own demo status key: refused at start.
    await expect(start('b', true)).rejects.toThrow(/demo cannot start on this database: .*does not list this server's status key/);

    // A second server on keys of its own (its seq-1 bundle is a rollback there, so it is not served).
    const dir = join(base, 'c');
    const keys = createKeyset(join(dir, 'keys'));
    const now = Math.floor(Date.now() / 1000);
    const entry = (kid: string, publicKey: Uint8Array, use: string) => ({
      kid,
      publicKey: b64uEncode(publicKey),
      use,
      region: 440300,
      name: { en: use },
      notBefore: now - 60,
      notAfter: now + 86_400,
    });
    const doc = {
      type: 'gc1-trust',
      seq: 1,
      issuedAt: now,
      expiresAt: now + 86_400,
      keys: [entry(keys.status.kid, keys.status.publicKey, 'status')],
    };
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(await sealEnvelope(doc, nodeSigner(keys.root.seed!))));
    const second = await start('c', false);
    opened.push(second);
    expect(second.notices.join('\n')).toMatch(/status changes cannot be published: .*does not list this server's status key/);

    const login = await second.app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const refused = await second.app.inject({
      method: 'POST',
      url: '/api/admin/status',
      headers: { cookie },
      payload: { changes: [{ cid: CID, status: 'red' }] },
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error).toMatch(/does not list this server's status key/);
    // The first server still publishes, and every stored status list is signed by the listed key.
    await first.context.status.publish([{ cid: CID, status: 'yellow' }]);
    expect(await signingKids(first)).toEqual(new Set([listedKid]));
    expect(b64uEncode(kidOf(nodeSigner(keys.status.seed!).publicKey))).not.toBe(listedKid);
  });

  it('signs no snapshot and no delta before any trust bundle is published', async () => {
    const db = await freshPgliteDb();
    try {
      await migrate(db);
      const keys = createKeyset(join(base, 'lone-keys'));
      const publisher = new StatusPublisher(db, nodeSigner(keys.status.seed!), DEFAULT_STATUS_SETTINGS, Date.now);
      await expect(publisher.publish([{ cid: CID, status: 'red' }])).rejects.toThrow(/no trust bundle is published yet/);
      await expect(publisher.head()).rejects.toThrow(/no trust bundle is published yet/);
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM status_changes');
      expect(row!.n).toBe(0);
    } finally {
      await db.close();
    }
  });
});
