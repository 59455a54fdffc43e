/**
 * Which issuing authority (gc1.md §6) an entry's code belongs to. An entry keeps the code's key
 * id; the trust bundles this server has published map each issuer key id to its authority. Every
 * bundle ever imported is read (a key retired from today's bundle still issued the codes scanned
 * under it), and a key id keeps the authority it was first listed under. Nothing is stored per
 * entry, so no upload path and no rollup changes; a filter by authority is a filter by key ids.
 */
import { decodeEnvelope, parseTrustDocument } from '../../core/index.ts';
import type { Queryable } from '../db/db.ts';

/** Issuer key id -> authority, over every bundle published (oldest first: the first listing wins). */
export async function issuerAuthorities(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.query<{ envelope: string }>('SELECT envelope FROM trust_bundles ORDER BY seq');
  const authorities = new Map<string, string>();
  for (const row of rows) {
    // Verified against the root when imported; read here only for its keys.
    const decoded = decodeEnvelope(JSON.parse(row.envelope));
    if (!decoded) continue;
    const parsed = parseTrustDocument(JSON.parse(new TextDecoder().decode(decoded.payloadBytes)));
    if (!parsed.ok) continue;
    for (const key of parsed.bundle.keys) if (key.use === 'issuer' && !authorities.has(key.kid)) authorities.set(key.kid, key.authority);
  }
  return authorities;
}

/** The issuer key ids of one authority (empty when the bundles list none: no entry matches). */
export async function kidsOfAuthority(db: Queryable, authority: string): Promise<string[]> {
  return [...(await issuerAuthorities(db))].filter(([, a]) => a === authority).map(([kid]) => kid);
}
