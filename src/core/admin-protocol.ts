/**
 * The admin API between the console (src/admin) and the server: response shapes, and the
 * entry and statistics query parameters with their pure parser, so the console builds
 * exactly what the server accepts. Entries carry the code's random cid, never a name.
 */
import type { Decision } from './policy.ts';
import { isReason, type Reason } from './reasons.ts';
import { b64uDecodeLength } from './bytes.ts';
import { isUuid, type EntryOverride } from './sync-protocol.ts';
import { isAuthorityId } from './trust/bundle.ts';

// The admin API's shapes are TypeBox schemas in ./api/admin-*.ts; their types are
// re-exported here (types only, so nothing of TypeBox reaches a bundle through this file).
export type { AdminCheckpoint, EnrollmentQr } from './api/admin-checkpoints.ts';
export type { AdminDevice } from './api/admin-devices.ts';
export type { DemoCodeResponse } from './api/admin-codes.ts';
export type { StatusChange, StatusChangeResponse, CodeStatus, StatusPreview, StatusBatch } from './api/admin-status.ts';
export type { AdminTrust, AdminTrustKey, TrustImportResponse } from './api/admin-trust.ts';
export type { AdminPeers, AuthorityKey, PeerRelayState, RecognisedAuthority } from './api/admin-peers.ts';
export type { SessionInfo, Account, AccountCreated, AuditRow, AuditPage, AuditAction } from './api/admin-accounts.ts';
import type { AdminDevice } from './api/admin-devices.ts';

/** A short identifier for a device (the first 8 hex digits of its id), so devices that share a name can be told apart. */
export function shortDeviceId(id: string): string {
  return id.replace(/-/g, '').slice(0, 8).toLowerCase();
}

/** Why POST /api/admin/trust refused a bundle: the reply's `problem` (409 for rollback, 400 for the rest). */
export const TRUST_IMPORT_PROBLEMS = [
  'not_json',
  'not_an_envelope',
  'wrong_root',
  'bad_signature',
  'bad_document',
  'kid_mismatch',
  'rollback',
  'status_key_missing',
] as const;
export type TrustImportProblem = (typeof TRUST_IMPORT_PROBLEMS)[number];

/** One stored entry as the console lists it. */
export interface AdminEntry {
  id: string;
  /** Scan time, device clock, Unix ms. */
  time: number;
  receivedMs: number;
  /** Null: the device made this scan before it was enrolled (no checkpoint). */
  checkpointId: string | null;
  /** The checkpoint's current name on the server (null if it was deleted, or there is none). */
  checkpointName: string | null;
  /** The label the device had at scan time. */
  checkpointLabel: string;
  deviceId: string;
  deviceName: string | null;
  direction: 'in' | 'out';
  reason: Reason;
  decision: Decision;
  cid: string | null;
  kid: string | null;
  override: EntryOverride | null;
  clockNote: string | null;
}

/** What the entries list and the CSV export may be narrowed to; every field optional. */
export interface EntryFilter {
  checkpoint?: string;
  decision?: Decision;
  reason?: Reason;
  /** true: only overridden entries; false: only entries without an override. */
  overridden?: boolean;
  /** Scan time range, Unix ms: from <= time < to. */
  from?: number;
  to?: number;
  cid?: string;
  /** The issuing authority (gc1.md §6) of the scanned code: its issuer key's authority in the trust bundles published. */
  authority?: string;
}

/** GET /api/admin/entries response: newest first; pass `next` as `cursor` for the following page. */
export interface EntriesPage {
  entries: AdminEntry[];
  /** How many entries match the filter in all. */
  total: number;
  next: string | null;
}

/** Entries per page unless `limit` says otherwise, and the most a page may hold. */
export const ENTRY_PAGE_SIZE = 100;
export const MAX_ENTRY_PAGE_SIZE = 500;

type Query = Record<string, unknown>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DECISIONS: readonly string[] = ['admit', 'refuse', 'refer'];
const CURSOR = /^(-?\d{1,16})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A page cursor (`<time ms>.<entry uuid>`, a page's `next`) as its parts; null unless exactly that shape. */
export function parseEntryCursor(text: string): { timeMs: number; id: string } | null {
  const match = CURSOR.exec(text);
  if (!match) return null;
  const timeMs = Number(match[1]);
  return Number.isSafeInteger(timeMs) ? { timeMs, id: match[2]!.toLowerCase() } : null;
}

/** The query string (with its leading '?', or '') for an entry filter and an optional page. */
export function entryQueryString(filter: EntryFilter, page: { limit?: number; cursor?: string | null } = {}): string {
  const params = new URLSearchParams();
  const put = (name: string, value: string | number | boolean | null | undefined) => {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  };
  put('checkpoint', filter.checkpoint);
  put('decision', filter.decision);
  put('reason', filter.reason);
  put('overridden', filter.overridden);
  put('from', filter.from);
  put('to', filter.to);
  put('cid', filter.cid);
  put('authority', filter.authority);
  put('limit', page.limit);
  put('cursor', page.cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Parses GET /api/admin/entries(.csv) query parameters; unknown or malformed ones are errors. */
export function parseEntryQuery(query: Query): Parsed<{ filter: EntryFilter; limit: number; cursor: string | null }> {
  const unknown = unknownParameter(query, [
    'checkpoint',
    'decision',
    'reason',
    'overridden',
    'from',
    'to',
    'cid',
    'authority',
    'limit',
    'cursor',
  ]);
  if (unknown) return unknown;
  const text = (name: string) => parameter(query, name);
  const filter: EntryFilter = {};
  const checkpoint = text('checkpoint');
  if (checkpoint !== undefined) {
    if (!isUuid(checkpoint)) return fail('checkpoint must be a checkpoint id (UUID)');
    filter.checkpoint = checkpoint.toLowerCase();
  }
  const decision = text('decision');
  if (decision !== undefined) {
    if (decision === null || !DECISIONS.includes(decision)) return fail('decision must be admit, refuse or refer');
    filter.decision = decision as Decision;
  }
  const reason = text('reason');
  if (reason !== undefined) {
    if (!isReason(reason)) return fail('reason must be one of the spec reason codes');
    filter.reason = reason;
  }
  const overridden = text('overridden');
  if (overridden !== undefined) {
    if (overridden !== 'true' && overridden !== 'false') return fail('overridden must be true or false');
    filter.overridden = overridden === 'true';
  }
  const range = parseRange(text('from'), text('to'));
  if (!range.ok) return range;
  if (range.value.from !== undefined) filter.from = range.value.from;
  if (range.value.to !== undefined) filter.to = range.value.to;
  const cid = text('cid');
  if (cid !== undefined) {
    if (cid === null || !b64uDecodeLength(cid, 16)) return fail('cid must be base64url of 16 bytes');
    filter.cid = cid;
  }
  const authority = parseAuthority(text('authority'));
  if (!authority.ok) return authority;
  if (authority.value !== undefined) filter.authority = authority.value;
  const limitText = text('limit');
  let limit = ENTRY_PAGE_SIZE;
  if (limitText !== undefined) {
    limit = Number(limitText);
    if (limitText === null || !/^\d{1,4}$/.test(limitText) || limit < 1 || limit > MAX_ENTRY_PAGE_SIZE)
      return fail(`limit must be 1-${MAX_ENTRY_PAGE_SIZE}`);
  }
  const cursor = text('cursor');
  if (cursor !== undefined && (cursor === null || parseEntryCursor(cursor) === null))
    return fail('cursor must be the next value of a previous page');
  return { ok: true, value: { filter, limit, cursor: cursor ?? null } };
}

/** GET /api/admin/stats query: a time range (default: the 24 hours before now) and the console's UTC offset. */
export interface StatsQuery {
  from: number;
  to: number;
  /** Minutes east of UTC, so day buckets start at the administrator's midnight. */
  tzOffsetMinutes: number;
  /** Only entries of codes of this issuing authority (gc1.md §6), as EntryFilter.authority. */
  authority?: string;
}

/** An `authority` parameter: absent, or an authority id (gc1.md §6). */
function parseAuthority(text: string | null | undefined): Parsed<string | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  if (text === null || !isAuthorityId(text)) return fail('authority must be an authority id (^[a-z0-9][a-z0-9-]{0,31}$)');
  return { ok: true, value: text };
}

/** The longest range statistics cover at once, and from which length they count per day rather than per hour. */
export const MAX_STATS_RANGE_MS = 400 * 86_400_000;
export const HOURLY_STATS_UP_TO_MS = 7 * 86_400_000;

/** The query string for a statistics request. */
export function statsQueryString(query: StatsQuery): string {
  const params = new URLSearchParams({ from: String(query.from), to: String(query.to), tz: String(query.tzOffsetMinutes) });
  if (query.authority !== undefined) params.set('authority', query.authority);
  return `?${params.toString()}`;
}

/** Parses GET /api/admin/stats query parameters at `nowMs`. */
export function parseStatsQuery(query: Query, nowMs: number): Parsed<StatsQuery> {
  const unknown = unknownParameter(query, ['from', 'to', 'tz', 'authority']);
  if (unknown) return unknown;
  const text = (name: string) => parameter(query, name);
  const range = parseRange(text('from'), text('to'));
  if (!range.ok) return range;
  const to = range.value.to ?? nowMs;
  const from = range.value.from ?? Math.max(0, to - 86_400_000);
  if (to - from > MAX_STATS_RANGE_MS) return fail('the range may cover at most 400 days');
  const tz = text('tz');
  let tzOffsetMinutes = 0;
  if (tz !== undefined) {
    tzOffsetMinutes = Number(tz);
    if (tz === null || !/^-?\d{1,3}$/.test(tz) || Math.abs(tzOffsetMinutes) > 14 * 60)
      return fail('tz must be minutes east of UTC (-840 to 840)');
  }
  const authority = parseAuthority(text('authority'));
  if (!authority.ok) return authority;
  return { ok: true, value: { from, to, tzOffsetMinutes, ...(authority.value !== undefined ? { authority: authority.value } : {}) } };
}

/** Counts of one group of entries, by the decision that stands (core's effectiveDecision: an override wins). */
export interface ScanCounts {
  scans: number;
  admitted: number;
  refused: number;
  referred: number;
  overridden: number;
}

/** GET /api/admin/stats response. */
export interface Stats {
  from: number;
  to: number;
  /** 3,600,000 (per hour) or 86,400,000 (per day), by the range's length. */
  bucketMs: number;
  totals: ScanCounts & { overriddenToAdmit: number; overriddenToRefuse: number };
  /** Every bucket of the range, empty ones included, oldest first; `start` in Unix ms. */
  series: ({ start: number } & ScanCounts)[];
  byCheckpoint: ({ checkpointId: string | null; name: string | null } & ScanCounts)[];
  byResult: { decision: Decision; reason: Reason; scans: number }[];
  /** Unrevoked devices whose last upload is over a day old, or that never uploaded. */
  silentDevices: (AdminDevice & { checkpointName: string | null })[];
  /** A device counts as silent after this long without an upload. */
  silentAfterMs: number;
  /** Scans per checkpoint and hour of day (0-23 in the request's timezone), busiest checkpoints first. */
  heatmap: { checkpointId: string | null; name: string | null; hours: number[] }[];
  /** Red and yellow codes seen (reasons status_red / status_yellow) per checkpoint, most first. */
  sightings: { checkpointId: string | null; name: string | null; red: number; yellow: number }[];
}

/** A parameter's text; undefined when absent or empty, null when given twice or not text. */
function parameter(query: Query, name: string): string | undefined | null {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : null;
}

function unknownParameter(query: Query, known: readonly string[]): { ok: false; error: string } | null {
  const unknown = Object.keys(query).find((k) => !known.includes(k));
  return unknown === undefined ? null : fail(`unknown parameter ${unknown}`);
}

function parseRange(fromText: string | undefined | null, toText: string | undefined | null): Parsed<{ from?: number; to?: number }> {
  const time = (value: string | undefined | null, name: string): Parsed<number | undefined> => {
    if (value === undefined) return { ok: true, value: undefined };
    if (value === null || !/^\d{1,15}$/.test(value)) return fail(`${name} must be a Unix time in milliseconds`);
    return { ok: true, value: Number(value) };
  };
  const from = time(fromText, 'from');
  if (!from.ok) return from;
  const to = time(toText, 'to');
  if (!to.ok) return to;
  if (from.value !== undefined && to.value !== undefined && from.value >= to.value) return fail('from must be before to');
  return { ok: true, value: { from: from.value, to: to.value } };
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
