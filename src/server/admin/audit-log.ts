/**
 * The audit log: one append-only row per state change (who, when, what, to what, from where),
 * written with the change in one transaction. Details carry ids, counts and statuses, never
 * a person's name. The table refuses UPDATE and DELETE (migration 003).
 */
import type { AuditAction, AuditRow } from '../../core/api/admin-accounts.ts';
import { csvLine } from '../../core/csv.ts';
import type { Queryable } from '../db/db.ts';
import { withTargetNames } from './audit-targets.ts';

/** Who made a change: an account (console) or the operator at the server's shell (CLI). */
export interface Actor {
  accountId: string | null;
  name: string;
  /** The client's address, or `cli`. */
  client: string;
}

/** Writes one audit row with `q` (pass the change's transaction). */
export async function recordAudit(
  q: Queryable,
  actor: Actor,
  action: AuditAction,
  target: string,
  details: Record<string, unknown>,
  atMs: number,
): Promise<void> {
  await q.query(
    'INSERT INTO audit_log (at_ms, account_id, account_name, action, target, details, client) ' +
      'VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7)',
    [atMs, actor.accountId, actor.name, action, target, JSON.stringify(details), actor.client],
  );
}

/** An audit_log row as the database returns it. */
export interface StoredAuditRow {
  id: number;
  at_ms: number;
  account_id: string | null;
  account_name: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
  client: string;
}
const toRow = (r: StoredAuditRow): AuditRow => ({
  id: r.id,
  atMs: r.at_ms,
  accountId: r.account_id,
  accountName: r.account_name,
  action: r.action,
  target: r.target,
  details: r.details,
  client: r.client,
});

/** A page of rows, newest first, before the row `before` (exclusive). */
export async function listAudit(q: Queryable, before: number | null, limit: number): Promise<{ rows: AuditRow[]; next: string | null }> {
  const rows = await q.query<StoredAuditRow>(
    `SELECT id, at_ms, account_id, account_name, action, target, details, client FROM audit_log
     WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
    [before, limit + 1],
  );
  const page = rows.slice(0, limit).map(toRow);
  return { rows: await withTargetNames(q, page), next: rows.length > limit ? String(page[page.length - 1]!.id) : null };
}

/** The whole log as CSV lines (header first), oldest first, read in pages. */
export async function* auditCsv(q: Queryable): AsyncGenerator<string> {
  yield `\ufeff${csvLine(['id', 'time', 'account', 'action', 'target', 'details', 'client'])}`;
  let after = 0;
  for (;;) {
    const rows = await q.query<StoredAuditRow>(
      'SELECT id, at_ms, account_id, account_name, action, target, details, client FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000',
      [after],
    );
    if (rows.length === 0) return;
    yield rows
      .map((r) => csvLine([r.id, new Date(r.at_ms).toISOString(), r.account_name, r.action, r.target, JSON.stringify(r.details), r.client]))
      .join('');
    after = rows[rows.length - 1]!.id;
  }
}
