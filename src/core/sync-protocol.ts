/**
 * The sync API between scanners and the server: request and response shapes shared by the
 * server and the browser sync client, and the pure validator the server runs on uploaded
 * entries (so both sides agree on what a valid entry is).
 */
import type { Envelope } from './envelope.ts';
import type { CheckpointPolicy, Decision } from './policy.ts';
import { isReason, type Reason } from './reasons.ts';
import { b64uDecodeLength, isUint } from './bytes.ts';

/** Paths of the sync API, relative to the server base URL (config.json's apiBase). */
export const SYNC_PATHS = {
  config: '/config.json',
  health: '/healthz',
  enroll: '/api/devices/enroll',
  entries: '/api/entries',
  checkpoint: '/api/checkpoint',
  trust: '/api/trust',
  statusHead: '/api/status/head',
  snapshotPart: (to: number, part: number): string => `/api/status/snapshot/${to}/${part}`,
  deltas: (from: number): string => `/api/status/deltas?from=${from}`,
} as const;

/** At most this many entries per POST /api/entries (clients send 500). */
export const MAX_ENTRIES_PER_BATCH = 1000;
/** The server refuses a larger POST /api/entries body with 413. */
export const MAX_ENTRIES_BODY_BYTES = 1024 * 1024;
export const MAX_ENTRY_TEXT = 200;

/** GET /config.json: deployment configuration served with the app. */
export interface AppConfig {
  /** base64url of the pinned root public key. */
  rootKey: string;
  /** Prefix for API paths; '' means the app's own origin. */
  apiBase: string;
}

/** Every 4xx/5xx body. */
export interface ErrorBody {
  error: string;
  problems?: EntryProblem[];
}

/** A checkpoint as a device sees it. */
export interface CheckpointInfo {
  id: string;
  name: string;
  site: string;
}

/** POST /api/devices/enroll request. */
export interface EnrollRequest {
  token: string;
  deviceName?: string;
}

/** POST /api/devices/enroll response: keep `credential` secret (Bearer for later calls). */
export interface EnrollResponse {
  deviceId: string;
  credential: string;
  checkpoint: CheckpointInfo & { policy: CheckpointPolicy };
}

/** GET /api/checkpoint response (Bearer). */
export interface CheckpointResponse {
  checkpoint: CheckpointInfo;
  policy: CheckpointPolicy;
  /** Unix milliseconds. */
  serverTime: number;
}

/** A guard's override of a verdict, recorded on the entry. */
export interface EntryOverride {
  decision: 'admit' | 'refuse';
  reason: string;
  /** Unix milliseconds. */
  at: number;
}

/** One scan as uploaded. Never a name: only the code's random id (cid) and key id (kid). */
export interface EntryUpload {
  /** A UUID chosen by the device; uploads are idempotent by it. */
  id: string;
  /** Unix milliseconds, device clock. */
  time: number;
  /** The device's checkpoint label at scan time (may be '' before the device was named). */
  checkpoint: string;
  direction: 'in' | 'out';
  reason: Reason;
  decision: Decision;
  /** base64url of the 16-byte cid, when the code got that far. */
  cid?: string;
  /** base64url of the 8-byte issuer kid. */
  kid?: string;
  override?: EntryOverride;
  /** Set when the device's clock was off or went backwards at scan time. */
  clockNote?: string;
}

/** POST /api/entries request (Bearer). */
export interface EntriesRequest {
  entries: EntryUpload[];
}

/** POST /api/entries response: mark exactly these ids synced. */
export interface EntriesResponse {
  acknowledged: string[];
  /** Unix milliseconds; the device records its clock offset from it. */
  serverTime: number;
}

/** Where the current snapshot lives: fetch parts 1..parts of `to`. */
export interface SnapshotRef {
  to: number;
  parts: number;
}

/** GET /api/status/head response. */
export interface StatusHead {
  seq: number;
  /** Unix seconds of the latest published status document. */
  issuedAt: number;
  snapshot: SnapshotRef;
}

/** GET /api/status/deltas?from=N response: envelopes from N up to the head, in order. */
export interface DeltasResponse {
  envelopes: Envelope[];
}

/** GET /api/status/deltas 410 body: too old or unknown `from`; fetch the snapshot instead. */
export interface DeltasGone {
  error: string;
  snapshot: SnapshotRef;
}

/** One reason an uploaded entry was refused. */
export interface EntryProblem {
  /** Index in the uploaded array; -1 for the request as a whole. */
  index: number;
  field: string;
  problem: 'missing' | 'wrong_type' | 'invalid' | 'unknown_field';
}

export type EntriesValidation =
  | { ok: true; entries: EntryUpload[] }
  | { ok: false; error: string; problems: EntryProblem[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTRY_KEYS = new Set(['id', 'time', 'checkpoint', 'direction', 'reason', 'decision', 'cid', 'kid', 'override', 'clockNote']);
const OVERRIDE_KEYS = new Set(['decision', 'reason', 'at']);
const MAX_REPORTED_PROBLEMS = 20;

/** True for a UUID in its canonical 8-4-4-4-12 hex spelling (any case). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Validates a POST /api/entries body. All or nothing: one bad entry refuses the batch, so a
 * server never half-writes it. Unknown fields are refused (a name must never slip in);
 * `null` for an optional field counts as absent. Ids are kept as sent (the server
 * acknowledges them in the same spelling; UUIDs compare case-insensitively).
 */
export function validateEntriesRequest(body: unknown, maxEntries: number = MAX_ENTRIES_PER_BATCH): EntriesValidation {
  if (!isPlainObject(body)) return refuse('the body must be a JSON object', [{ index: -1, field: '', problem: 'wrong_type' }]);
  const extra = Object.keys(body).find((k) => k !== 'entries');
  if (extra !== undefined) return refuse(`unknown field ${extra}`, [{ index: -1, field: extra, problem: 'unknown_field' }]);
  const list = body.entries;
  if (list === undefined) return refuse('entries is missing', [{ index: -1, field: 'entries', problem: 'missing' }]);
  if (!Array.isArray(list)) return refuse('entries must be an array', [{ index: -1, field: 'entries', problem: 'wrong_type' }]);
  if (list.length > maxEntries) return refuse(`at most ${maxEntries} entries per request`, [{ index: -1, field: 'entries', problem: 'invalid' }]);
  const problems: EntryProblem[] = [];
  const entries: EntryUpload[] = [];
  for (let i = 0; i < list.length && problems.length < MAX_REPORTED_PROBLEMS; i++) {
    const checked = validateEntry(list[i], i);
    if (Array.isArray(checked)) problems.push(...checked);
    else entries.push(checked);
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    return refuse(`entry ${first.index}: ${first.field || 'entry'} is ${first.problem.replace('_', ' ')}`, problems.slice(0, MAX_REPORTED_PROBLEMS));
  }
  return { ok: true, entries };
}

/** Validates one entry: the normalised entry, or its problems. */
export function validateEntry(value: unknown, index = 0): EntryUpload | EntryProblem[] {
  if (!isPlainObject(value)) return [{ index, field: '', problem: 'wrong_type' }];
  const problems: EntryProblem[] = [];
  const flag = (field: string, problem: EntryProblem['problem']) => problems.push({ index, field, problem });
  for (const key of Object.keys(value)) if (!ENTRY_KEYS.has(key)) flag(key, 'unknown_field');

  const { id, time, checkpoint, direction, reason, decision } = value;
  required(id, 'id', (v) => typeof v === 'string', isUuid, flag);
  required(time, 'time', (v) => typeof v === 'number', isUint, flag);
  required(checkpoint, 'checkpoint', (v) => typeof v === 'string', (v) => isShortText(v, 0), flag);
  required(direction, 'direction', (v) => typeof v === 'string', (v) => v === 'in' || v === 'out', flag);
  required(reason, 'reason', (v) => typeof v === 'string', isReason, flag);
  required(decision, 'decision', (v) => typeof v === 'string', (v) => v === 'admit' || v === 'refuse' || v === 'refer', flag);
  const cid = optional(value.cid, 'cid', (v) => typeof v === 'string', (v) => b64uDecodeLength(v, 16) !== null, flag);
  const kid = optional(value.kid, 'kid', (v) => typeof v === 'string', (v) => b64uDecodeLength(v, 8) !== null, flag);
  const clockNote = optional(value.clockNote, 'clockNote', (v) => typeof v === 'string', (v) => isShortText(v, 1), flag);
  const override = optional(value.override, 'override', isPlainObject, () => true, flag);
  if (isPlainObject(override)) checkOverride(override, index, problems);
  if (problems.length > 0) return problems;

  const entry: EntryUpload = {
    id: id as string,
    time: time as number,
    checkpoint: checkpoint as string,
    direction: direction as EntryUpload['direction'],
    reason: reason as Reason,
    decision: decision as Decision,
  };
  if (cid !== undefined) entry.cid = cid as string;
  if (kid !== undefined) entry.kid = kid as string;
  if (clockNote !== undefined) entry.clockNote = clockNote as string;
  if (override !== undefined) {
    const o = override as Record<string, unknown>;
    entry.override = { decision: o.decision as EntryOverride['decision'], reason: o.reason as string, at: o.at as number };
  }
  return entry;
}

type Flag = (field: string, problem: EntryProblem['problem']) => void;

function required(value: unknown, field: string, typeOk: (v: unknown) => boolean, valid: (v: unknown) => boolean, flag: Flag): void {
  if (value === undefined || value === null) flag(field, 'missing');
  else if (!typeOk(value)) flag(field, 'wrong_type');
  else if (!valid(value)) flag(field, 'invalid');
}

function optional(value: unknown, field: string, typeOk: (v: unknown) => boolean, valid: (v: unknown) => boolean, flag: Flag): unknown {
  if (value === undefined || value === null) return undefined;
  if (!typeOk(value)) flag(field, 'wrong_type');
  else if (!valid(value)) flag(field, 'invalid');
  return value;
}

function checkOverride(o: Record<string, unknown>, index: number, problems: EntryProblem[]): void {
  const flag: Flag = (field, problem) => problems.push({ index, field: `override.${field}`, problem });
  for (const key of Object.keys(o)) if (!OVERRIDE_KEYS.has(key)) flag(key, 'unknown_field');
  required(o.decision, 'decision', (v) => typeof v === 'string', (v) => v === 'admit' || v === 'refuse', flag);
  required(o.reason, 'reason', (v) => typeof v === 'string', (v) => isShortText(v, 1), flag);
  required(o.at, 'at', (v) => typeof v === 'number', isUint, flag);
}

function isShortText(value: unknown, minLength: number): boolean {
  return typeof value === 'string' && value.length >= minLength && value.length <= MAX_ENTRY_TEXT;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(error: string, problems: EntryProblem[]): EntriesValidation {
  return { ok: false, error, problems };
}
