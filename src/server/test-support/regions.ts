/**
 * Two regions for relay tests: each a real server on keys of its own (as `gatecheck keygen`
 * makes them) and a bundle naming its authority (as `gatecheck trust --authority` signs it);
 * region a's bundle lists b's issuer and status keys under `authority: b`, as
 * `gatecheck trust --recognise b=… --recognise-root b=…` does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { b64uEncode, sealEnvelope } from '../../core/index.ts';
import type { TestPostgres } from '../../../test/setup/postgres.ts';
import { createKeyset, type KeyFile, type KeyRole } from '../keys/key-file.ts';
import { nodeSigner } from '../keys/node-signer.ts';
import { openServer, type OpenedServer, type OpenServerOptions } from '../open-server.ts';
import type { DbKind } from './harness.ts';

export interface Region {
  authority: string;
  dir: string;
  keys: Record<KeyRole, KeyFile>;
  server: OpenedServer;
  clock: { now: number };
}

const DAY = 86_400;
/**
 * The first administrator's password on every region (harness.ts's, which this module cannot
 * import: it runs outside vitest too, in the bench).
 */
export const REGION_ADMIN_PASSWORD = 'correct horse battery staple';

function keyJson(key: KeyFile, use: 'issuer' | 'status', nowS: number, authority?: string): Record<string, unknown> {
  return {
    kid: key.kid,
    publicKey: b64uEncode(key.publicKey),
    use,
    region: 440300,
    name: { en: `${authority ?? 'home'} ${use}` },
    notBefore: nowS - DAY,
    notAfter: nowS + 365 * DAY,
    ...(authority ? { authority } : {}),
  };
}

/** Makes a region's keys and its signed bundle (recognising `peers`' keys) in a new folder. */
export async function prepareRegion(authority: string, peers: { authority: string; keys: Record<KeyRole, KeyFile> }[], nowS: number) {
  const dir = mkdtempSync(join(tmpdir(), `gatecheck-region-${authority}-`));
  const keys = createKeyset(join(dir, 'keys'));
  const document = {
    type: 'gc1-trust',
    seq: 1,
    issuedAt: nowS,
    expiresAt: nowS + 30 * DAY,
    authority,
    keys: [
      keyJson(keys.issuer, 'issuer', nowS),
      keyJson(keys.status, 'status', nowS),
      ...peers.flatMap((p) => [keyJson(p.keys.issuer, 'issuer', nowS, p.authority), keyJson(p.keys.status, 'status', nowS, p.authority)]),
    ],
  };
  writeFileSync(join(dir, 'trust.json'), JSON.stringify(await sealEnvelope(document, nodeSigner(keys.root.seed!))));
  return { dir, keys };
}

let counter = 0;

/** Opens a region's server (PGlite in memory, or a new database of the cluster). */
export async function openRegion(
  authority: string,
  peers: { authority: string; keys: Record<KeyRole, KeyFile> }[],
  kind: DbKind,
  cluster: (() => Promise<TestPostgres>) | null,
  options: Partial<OpenServerOptions> = {},
): Promise<Region> {
  const clock = { now: Date.now() };
  const { dir, keys } = await prepareRegion(authority, peers, Math.floor(clock.now / 1000));
  const databaseUrl = kind === 'postgres' ? await (await cluster!()).createDatabase(`r${process.pid}_${++counter}`) : undefined;
  const server = await openServer({
    dataDir: dir,
    databaseUrl,
    // The tests' template-cloned PGlite (fresh-pglite.ts needs vitest: imported only then); the bench says memoryDb.
    db: kind === 'pglite' && !options.memoryDb ? await (await import('./fresh-pglite.ts')).freshPgliteDb() : undefined,
    adminPassword: REGION_ADMIN_PASSWORD,
    distDir: null,
    now: () => clock.now,
    ...options,
  });
  return { authority, dir, keys, server, clock };
}

export async function closeRegion(region: Region | undefined): Promise<void> {
  if (!region) return;
  await region.server.app.close();
  rmSync(region.dir, { recursive: true, force: true });
}

function headerRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** A fetch that reaches `app` through Fastify's inject (the peer's real routes, no network). */
export function fetchThrough(app: FastifyInstance): typeof globalThis.fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    init?.signal?.throwIfAborted();
    const response = await app.inject({
      method: 'GET',
      url: url.pathname + url.search,
      headers: headerRecord(new Headers(init?.headers)),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(name, value);
    return new Response(response.statusCode === 304 ? null : response.body, { status: response.statusCode, headers });
  }) as typeof globalThis.fetch;
}
