/**
 * Reading stored entries for the console: a filter as SQL, pages newest first (keyset
 * pagination on time and id, so a page never repeats or skips rows while scans arrive),
 * and the same rows as CSV. Entries hold the code's cid, never a name.
 */
import { parseEntryCursor, type AdminEntry, type EntriesPage, type EntryFilter } from '../../core/admin-protocol.ts';
import { effectiveDecisionSql, type EntryOverride } from '../../core/index.ts';
import { ENTRY_CSV_HEADER, entryCsvLine } from '../../core/entry-csv.ts';
import type { Queryable } from '../db/db.ts';
import { kidsOfAuthority } from './entry-authority.ts';

interface EntryRow {
  id: string;
  time_ms: number;
  received_ms: number;
  checkpoint_id: string | null;
  checkpoint_name: string | null;
  checkpoint_label: string;
  device_id: string;
  device_name: string | null;
  direction: AdminEntry['direction'];
  reason: AdminEntry['reason'];
  decision: AdminEntry['decision'];
  cid: string | null;
  kid: string | null;
  override: EntryOverride | null;
  clock_note: string | null;
}

const toEntry = (r: EntryRow): AdminEntry => ({
  id: r.id,
  time: r.time_ms,
  receivedMs: r.received_ms,
  checkpointId: r.checkpoint_id,
  checkpointName: r.checkpoint_name,
  checkpointLabel: r.checkpoint_label,
  deviceId: r.device_id,
  deviceName: r.device_name,
  direction: r.direction,
  reason: r.reason,
  decision: r.decision,
  cid: r.cid,
  kid: r.kid,
  override: r.override,
  clockNote: r.clock_note,
});

/**
 * The WHERE clause (always present) for a filter; its values are appended to `params`. `kids`:
 * the issuer key ids of `filter.authority` (kidsOfAuthority), resolved by the caller.
 */
export function entryWhere(filter: EntryFilter, params: unknown[], kids?: readonly string[]): string {
  const clauses = ['TRUE'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.checkpoint !== undefined) add('e.checkpoint_id = ?', filter.checkpoint);
  // The decision that stands (an override wins), as every count is: a chart's bar and the list it opens agree.
  if (filter.decision !== undefined) add(`${effectiveDecisionSql('e')} = ?`, filter.decision);
  if (filter.reason !== undefined) add('e.reason = ?', filter.reason);
  if (filter.overridden !== undefined) clauses.push(filter.overridden ? 'e.override IS NOT NULL' : 'e.override IS NULL');
  if (filter.from !== undefined) add('e.time_ms >= ?', filter.from);
  if (filter.to !== undefined) add('e.time_ms < ?', filter.to);
  if (filter.cid !== undefined) add('e.cid = ?', filter.cid);
  if (filter.authority !== undefined) add('e.kid = ANY(?::text[])', [...(kids ?? [])]);
  return `WHERE ${clauses.join(' AND ')}`;
}

const authorityKids = async (db: Queryable, filter: EntryFilter) =>
  filter.authority === undefined ? undefined : kidsOfAuthority(db, filter.authority);

const cursorOf = (r: EntryRow) => `${r.time_ms}.${r.id}`;

/** One page of matching entries, newest first, after `cursor` (a previous page's `next`). */
async function entryRows(
  db: Queryable,
  filter: EntryFilter,
  limit: number,
  cursor: string | null,
  kids: readonly string[] | undefined,
): Promise<{ rows: EntryRow[]; next: string | null }> {
  const params: unknown[] = [];
  let where = entryWhere(filter, params, kids);
  const after = cursor ? parseEntryCursor(cursor) : null;
  // Callers pass a cursor parseEntryQuery accepted (or a page's own `next`); text never reaches SQL unparsed.
  if (cursor && !after) throw new TypeError(`not an entries cursor: ${cursor.slice(0, 60)}`);
  if (after) {
    params.push(after.timeMs, after.id);
    where += ` AND (e.time_ms, e.id) < ($${params.length - 1}, $${params.length})`;
  }
  params.push(limit + 1);
  const rows = await db.query<EntryRow>(
    `SELECT e.id, e.time_ms, e.received_ms, e.checkpoint_id, c.name AS checkpoint_name, e.checkpoint_label,
            e.device_id, d.name AS device_name,
            e.direction, e.reason, e.decision, e.cid, e.kid, e.override, e.clock_note
     FROM entries e LEFT JOIN checkpoints c ON c.id = e.checkpoint_id LEFT JOIN devices d ON d.id = e.device_id
     ${where} ORDER BY e.time_ms DESC, e.id DESC LIMIT $${params.length}`,
    params,
  );
  const more = rows.length > limit;
  if (more) rows.pop();
  return { rows, next: more ? cursorOf(rows[rows.length - 1]!) : null };
}

/** A page for the console's list, with the number of matching entries in all. */
export async function listEntries(db: Queryable, filter: EntryFilter, limit: number, cursor: string | null): Promise<EntriesPage> {
  const params: unknown[] = [];
  const kids = await authorityKids(db, filter);
  const [page, [count]] = await Promise.all([
    entryRows(db, filter, limit, cursor, kids),
    db.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM entries e ${entryWhere(filter, params, kids)}`, params),
  ]);
  return { entries: page.rows.map(toEntry), total: count!.n, next: page.next };
}

/**
 * Every matching entry as CSV lines (core's one entry CSV: header first, the scanner's
 * columns), read in pages so a large export never sits in memory.
 */
export async function* entriesCsv(db: Queryable, filter: EntryFilter, pageSize = 2000): AsyncGenerator<string> {
  yield ENTRY_CSV_HEADER;
  const kids = await authorityKids(db, filter);
  let cursor: string | null = null;
  do {
    const page = await entryRows(db, filter, pageSize, cursor, kids);
    yield page.rows
      .map((r) =>
        // The console's view of the row, plus when it arrived: one mapping of the columns (toEntry).
        entryCsvLine({ ...toEntry(r), received: r.received_ms }),
      )
      .join('');
    cursor = page.next;
  } while (cursor);
}
