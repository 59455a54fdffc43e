/**
 * The entry CSV, once, for the scanner's export and the console's: the same columns, names
 * and order, the decision that stands (an override wins) on both, times as ISO 8601 UTC, and
 * a UTF-8 byte order mark first (spreadsheets otherwise misread Chinese checkpoint names).
 * A column one side does not know is left empty (a scanner knows no device name; the server
 * knows no upload it has not received).
 */
import { csvLine } from './csv.ts';
import { effectiveDecision, type OverrideDecision } from './decision.ts';
import type { Decision } from './policy.ts';

export const ENTRY_CSV_COLUMNS = [
  'id',
  'time',
  'checkpoint_id',
  'checkpoint_name',
  'checkpoint_label',
  'device_id',
  'device_name',
  'direction',
  'reason',
  'decision',
  'effective_decision',
  'override_decision',
  'override_reason',
  'override_note',
  'override_at',
  'cid',
  'kid',
  'clock_note',
  'received',
] as const;

/** One entry as either side holds it. */
export interface EntryCsvRow {
  id: string;
  /** Unix ms of the scan (device clock). */
  time: number;
  checkpointId?: string | null;
  checkpointName?: string | null;
  /** The device's checkpoint label at scan time. */
  checkpointLabel: string;
  deviceId?: string | null;
  deviceName?: string | null;
  direction: string;
  reason: string;
  decision: Decision;
  override?: { decision: OverrideDecision; reason: string; note?: string; at: number } | null;
  cid?: string | null;
  kid?: string | null;
  clockNote?: string | null;
  /** Unix ms when the server received it; null while it is only on the device. */
  received?: number | null;
}

// The largest time a Date holds (±8.64e15 ms); a stored time beyond it (an old device sent
// 9007199254740991 before times had a range) is written as its number, never a RangeError.
const MAX_DATE_MS = 8.64e15;
const iso = (ms: number | null | undefined): string => {
  if (ms === undefined || ms === null) return '';
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : String(ms);
};

/** The header line, byte order mark first. */
export const ENTRY_CSV_HEADER = `\uFEFF${csvLine(ENTRY_CSV_COLUMNS)}`;

/** One entry's line. */
export function entryCsvLine(row: EntryCsvRow): string {
  return csvLine([
    row.id,
    iso(row.time),
    row.checkpointId,
    row.checkpointName,
    row.checkpointLabel,
    row.deviceId,
    row.deviceName,
    row.direction,
    row.reason,
    row.decision,
    effectiveDecision({ decision: row.decision, override: row.override ?? null }),
    row.override?.decision,
    row.override?.reason,
    row.override?.note,
    iso(row.override?.at),
    row.cid,
    row.kid,
    row.clockNote,
    iso(row.received),
  ]);
}
