/**
 * A server started on a data folder without keys (and without --demo) runs, empty: the console
 * can be signed into, the apps load, and everything that needs a key answers a 503 saying the
 * server is not set up. This file is the one place that says what is missing and how to make it.
 */
import { join } from 'node:path';
import type { ServerContext, ServerKeys } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';

/** What a server lacks before it can publish and issue, in plain words; empty once set up. */
export async function missingSetup(db: Queryable, keys: ServerKeys | null): Promise<string[]> {
  const missing = keys ? [] : ['root key', 'status key'];
  const [trust] = await db.query<{ one: number }>('SELECT 1 AS one FROM trust_bundles LIMIT 1');
  if (!trust) missing.push('trust bundle');
  return missing;
}

/** The server's keys, or a 503 (problem `not_set_up`) for a request that needs them. */
export function requireKeys(ctx: ServerContext): ServerKeys {
  if (ctx.keys) return ctx.keys;
  throw new HttpError(
    503,
    'this server is not set up yet: it holds no root and status keys and no trust bundle, so it signs and issues nothing; ' +
      'its start-up output and docs/deploying.md say how to make them',
    { problem: 'not_set_up' },
  );
}

/** The commands that set up the data folder `dataDir`, printed at start-up by a server without keys. */
export function setupInstructions(dataDir: string, trustFile: string | undefined): string[] {
  const keys = join(dataDir, 'keys');
  return [
    `not set up: ${dataDir} holds no keys (${keys}/root.json, ${keys}/status.json) ` +
      `and no trust bundle (${trustFile ?? join(dataDir, 'trust.json')});`,
    'this server signs and issues nothing until it has them. Make them on a machine kept offline:',
    '  gatecheck keygen --out keys',
    '  gatecheck trust --root keys/root.json --issuer keys/issuer.json --status keys/status.json \\',
    "    --seq 1 --name-en 'Your authority' --out trust.json",
    'then copy the status key (with its secret) and the root key (its public half is enough) here:',
    `  mkdir -p ${keys} && cp keys/status.json ${keys}/ && cp trust.json ${dataDir}/`,
    `  node -p 'const {kid,publicKey}=require("./keys/root.json");JSON.stringify({kid,publicKey})' > ${keys}/root.json`,
    'and restart the server: it reads the keys and imports trust.json at start (a later bundle can also be uploaded',
    'in the admin console, Trust page, or with POST /api/admin/trust). To sign holder codes, also start with --issuer-key FILE.',
    'To try gatecheck with DEMO keys and codes instead: gatecheck serve --demo (on an empty data folder, without DATABASE_URL).',
  ];
}
