/**
 * Persons (migration 007): applications of one identity belong to one person, found by a
 * keyed hash of the ID document type and number (the key is the server's `identity` secret,
 * made once per database), so the persons table holds no ID number. A person holds one
 * status (person_statuses: colour, optional until, reason, who, when) with its history.
 */
import { randomUUID } from 'node:crypto';
import { isTemporaryInForce, type Colour, type ContactDetail, type PersonStatusEntry, type StatusReason } from '../../core/index.ts';
import type { IdType } from '../../core/api/holder.ts';
import type { Queryable } from '../db/db.ts';
import type { CodeRow } from './application-store.ts';
import { keyedHash, randomToken } from '../secrets.ts';

const secrets = new WeakMap<object, string>();

/** The database's identity secret, made on first use (two servers racing keep the first one stored). */
export async function identitySecret(db: Queryable & object, nowMs: number): Promise<string> {
  const cached = secrets.get(db);
  if (cached) return cached;
  await db.query("INSERT INTO server_secrets (name, secret, created_ms) VALUES ('identity', $1, $2) ON CONFLICT (name) DO NOTHING", [
    randomToken(),
    nowMs,
  ]);
  const [row] = await db.query<{ secret: string }>("SELECT secret FROM server_secrets WHERE name = 'identity'");
  secrets.set(db, row!.secret);
  return row!.secret;
}

/** An ID document number as compared: no spaces, upper case (a resident ID's x and X are one). */
export function normaliseIdNumber(idNumber: string): string {
  return idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The identity hash of an ID document. */
export function identityHashOf(secret: string, idType: IdType, idNumber: string): string {
  return keyedHash(secret, ['gatecheck identity v1', idType, normaliseIdNumber(idNumber)]);
}

export interface StatusRow {
  id: number;
  person_id: string;
  colour: Colour;
  until: number | null;
  reason: StatusReason | null;
  reason_text: string | null;
  detail: ContactDetail | null;
  source: string;
  set_by: string | null;
  confirmed_by: string | null;
  set_ms: number;
  /** The accounts' display names, where a query resolves them (review-views.ts). */
  set_by_name?: string | null;
  confirmed_by_name?: string | null;
}

export interface PersonRow {
  id: string;
  masked_name: string;
  reviewed: boolean;
  status_id: number | null;
  base_status_id: number | null;
}

/** A new status as the server records it. */
export interface NewStatus {
  colour: Colour;
  until?: number;
  reason?: StatusReason;
  reasonText?: string;
  detail?: ContactDetail;
}

export const STATUS_COLUMNS = 'id, person_id, colour, until, reason, reason_text, detail, source, set_by, confirmed_by, set_ms';

export function entryOf(row: StatusRow): PersonStatusEntry {
  return {
    colour: row.colour,
    since: Number(row.set_ms),
    ...(row.until !== null ? { until: Number(row.until) } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.reason_text ? { reasonText: row.reason_text } : {}),
    ...(row.detail ? { detail: row.detail } : {}),
    ...(row.set_by ? { setBy: row.set_by } : {}),
  };
}

/** The person of an identity hash, or null. */
export async function personByHash(db: Queryable, hash: string, forUpdate = false): Promise<PersonRow | null> {
  const [row] = await db.query<PersonRow>(
    `SELECT id, masked_name, reviewed, status_id, base_status_id FROM persons WHERE identity_hash = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [hash],
  );
  return row ?? null;
}

export async function getPerson(db: Queryable, id: string, forUpdate = false): Promise<PersonRow | null> {
  const [row] = await db.query<PersonRow>(
    `SELECT id, masked_name, reviewed, status_id, base_status_id FROM persons WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row ?? null;
}

/** Creates the person of `hash` (no status yet) or returns the one that exists, locked. */
export async function lockPersonOfHash(tx: Queryable, hash: string, maskedName: string, nowMs: number): Promise<PersonRow> {
  await tx.query(
    `INSERT INTO persons (id, identity_hash, masked_name, created_ms, updated_ms) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (identity_hash) DO NOTHING`,
    [randomUUID(), hash, maskedName, nowMs],
  );
  return (await personByHash(tx, hash, true))!;
}

/** The status in force and the base of a person (null for a person with no status yet). */
export async function statusOf(
  db: Queryable,
  person: PersonRow,
  nowSeconds: number,
): Promise<{ current: StatusRow; base: StatusRow; inForce: StatusRow } | null> {
  if (person.status_id === null || person.base_status_id === null) return null;
  const rows = await db.query<StatusRow>(`SELECT ${STATUS_COLUMNS} FROM person_statuses WHERE id IN ($1, $2)`, [
    person.status_id,
    person.base_status_id,
  ]);
  const current = rows.find((r) => Number(r.id) === Number(person.status_id))!;
  const base = rows.find((r) => Number(r.id) === Number(person.base_status_id))!;
  const lapsed = current.until !== null && !isTemporaryInForce(entryOf(current), nowSeconds);
  return { current, base, inForce: lapsed ? base : current };
}

/** Records a status and makes it the person's (and their base when it has no `until`). */
export async function insertStatus(
  tx: Queryable,
  personId: string,
  status: NewStatus,
  meta: { source: string; setBy: string | null; confirmedBy?: string | null; reviewed: boolean },
  nowMs: number,
): Promise<StatusRow> {
  const [row] = await tx.query<StatusRow>(
    `INSERT INTO person_statuses (person_id, colour, until, reason, reason_text, detail, source, set_by, confirmed_by, set_ms)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10) RETURNING ${STATUS_COLUMNS}`,
    [
      personId,
      status.colour,
      status.until ?? null,
      status.reason ?? null,
      status.reasonText ?? null,
      status.detail ? JSON.stringify(status.detail) : null,
      meta.source,
      meta.setBy,
      meta.confirmedBy ?? null,
      nowMs,
    ],
  );
  await tx.query(
    `UPDATE persons SET status_id = $2, base_status_id = CASE WHEN $3::bigint IS NULL THEN $2 ELSE coalesce(base_status_id, $2) END,
       reviewed = reviewed OR $4, updated_ms = $5 WHERE id = $1`,
    [personId, row!.id, status.until ?? null, meta.reviewed, nowMs],
  );
  return row!;
}

export interface PersonCodeRow
  extends Pick<CodeRow, 'cid' | 'application_id' | 'kind' | 'colour' | 'iat' | 'exp' | 'revoked_ms' | 'superseded_ms'> {
  holder_key: string;
  n: number;
}

/** Every unexpired code of a person (any application, any device), newest first. */
export async function unexpiredCodesOfPerson(db: Queryable, personId: string, nowSeconds: number): Promise<PersonCodeRow[]> {
  return db.query<PersonCodeRow>(
    `SELECT c.cid, c.application_id, c.kind, c.colour, c.iat, c.exp, c.revoked_ms, c.superseded_ms, a.holder_key, c.n
       FROM issued_codes c JOIN holder_applications a ON a.id = c.application_id
      WHERE a.person_id = $1 AND c.exp >= $2 ORDER BY c.n DESC`,
    [personId, nowSeconds],
  );
}

export const isLive = (c: PersonCodeRow): boolean => c.revoked_ms === null && c.superseded_ms === null;

/** The history of a person, oldest first. */
export async function historyOf(db: Queryable, personId: string): Promise<StatusRow[]> {
  return db.query<StatusRow>(`SELECT ${STATUS_COLUMNS} FROM person_statuses WHERE person_id = $1 ORDER BY id`, [personId]);
}
