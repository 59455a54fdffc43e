/**
 * Names for the audit log's targets, looked up when a page is read (the log itself keeps ids
 * only): a checkpoint's and a device's name, an application's masked name (core's maskName,
 * as printed on its code), a code's masked name. The log is the administrator's; a masked
 * name is what a guard sees on a scanner, so it adds nothing a full name would. A target that
 * no longer resolves (or is not an id) keeps no name, and the console shows what it has.
 */
import type { AuditRow } from '../../core/api/admin-accounts.ts';
import { maskName } from '../../core/name-mask.ts';
import type { Queryable } from '../db/db.ts';

type Kind = 'checkpoint' | 'device' | 'application' | 'code';

/** Which table names a row's target, from its action. */
function targetKind(action: string): Kind | null {
  if (action.startsWith('checkpoint.')) return 'checkpoint';
  if (action.startsWith('device.')) return 'device';
  if (action.startsWith('application.')) return 'application';
  if (action === 'code.issue' || action === 'status.publish' || action === 'status.undo') return 'code';
  return null;
}

const LOOKUPS: Record<Kind, string> = {
  checkpoint: 'SELECT id::text AS key, name FROM checkpoints WHERE id::text = ANY($1::text[])',
  device: "SELECT id::text AS key, name FROM devices WHERE id::text = ANY($1::text[]) AND name <> ''",
  application: 'SELECT id::text AS key, full_name AS name FROM holder_applications WHERE id::text = ANY($1::text[])',
  code: 'SELECT cid AS key, masked_name AS name FROM issued_codes WHERE cid = ANY($1::text[])',
};

/** The rows with `targetName` where one resolves: one query per kind of target on the page, not per row. */
export async function withTargetNames(q: Queryable, rows: AuditRow[]): Promise<AuditRow[]> {
  const wanted = new Map<Kind, Set<string>>();
  for (const row of rows) {
    const kind = targetKind(row.action);
    if (kind) wanted.set(kind, (wanted.get(kind) ?? new Set()).add(row.target));
  }
  const names = new Map<string, string>();
  for (const [kind, targets] of wanted) {
    const found = await q.query<{ key: string; name: string }>(LOOKUPS[kind], [[...targets]]);
    for (const { key, name } of found) names.set(`${kind}:${key}`, kind === 'application' ? maskName(name) : name);
  }
  return rows.map((row) => {
    const kind = targetKind(row.action);
    const name = kind ? names.get(`${kind}:${row.target}`) : undefined;
    return name === undefined ? row : { ...row, targetName: name };
  });
}
