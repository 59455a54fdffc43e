/**
 * Day partitions of the entries table (migration 003): one per UTC day, created on demand
 * before an upload's transaction for the days its entries claim, within a window around the
 * server's clock. A scan claiming any other day (a clock years off, a device offline for
 * over a month) goes to the default partition, so a device can never make the server create
 * thousands of tables; the window's days are created when they first see a scan, moving
 * their rows out of the default partition (gatecheck_entry_partition in the migration).
 */
import type { Queryable } from '../db/db.ts';

export const DAY_MS = 86_400_000;
/** Day partitions are made for scans from this many days ago… */
export const PARTITION_DAYS_BACK = 35;
/** …up to this many days ahead (a device clock slightly fast). */
export const PARTITION_DAYS_AHEAD = 1;

/** Days known to have their partition, per database (a cache: a stale entry only sends rows to the default partition). */
const known = new WeakMap<object, Set<number>>();

/** Makes sure the day partitions exist for every time in `timesMs` that lies in the window around `nowMs`. */
export async function ensureEntryPartitions(db: Queryable, timesMs: Iterable<number>, nowMs: number): Promise<void> {
  const today = Math.floor(nowMs / DAY_MS);
  let days = known.get(db);
  if (!days) {
    days = new Set();
    known.set(db, days);
  }
  const wanted = new Set<number>();
  for (const time of timesMs) {
    const day = Math.floor(time / DAY_MS);
    if (day >= today - PARTITION_DAYS_BACK && day <= today + PARTITION_DAYS_AHEAD && !days.has(day)) wanted.add(day);
  }
  // Each in its own statement (its own transaction): the upload's transaction never holds DDL locks.
  for (const day of [...wanted].sort((a, b) => a - b)) {
    await db.query('SELECT gatecheck_entry_partition($1::bigint)', [day]);
    days.add(day);
  }
}

/** Forgets what this process knows about `db`'s partitions (after retention dropped some). */
export function forgetEntryPartitions(db: Queryable, days: Iterable<number>): void {
  const set = known.get(db);
  if (set) for (const day of days) set.delete(day);
}

/** The day partitions that exist, as UTC day numbers with their table names, oldest first. */
export async function entryPartitions(db: Queryable): Promise<{ day: number; name: string }[]> {
  const rows = await db.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'entries'::regclass`,
  );
  const out: { day: number; name: string }[] = [];
  for (const row of rows) {
    const match = /FROM \('?(-?\d+)'?\)/.exec(row.bound);
    if (match) out.push({ day: Number(match[1]) / DAY_MS, name: row.name });
  }
  return out.sort((a, b) => a.day - b.day);
}
