/**
 * The console's calls to the admin and review API (same origin; the session is an httpOnly
 * cookie the browser sends by itself), through core's one typed client (core/api/api-client.ts):
 * routes are named by the route table's keys, shapes are its schemas' types. Errors are
 * ApiError values with the server's message, `problem` and `field`; any 401 (but a wrong
 * password) tells the shell to show the sign-in screen again, on every screen alike.
 */
import { apiClient, routeUrl, type ApiResult, type RouteInput, type RouteReply } from '../../core/api/api-client.ts';
import type { RouteKey } from '../../core/api/routes.ts';
import { entryQueryString, statsQueryString, type EntryFilter, type StatsQuery } from '../../core/admin-protocol.ts';
import type { DemoCodeRequest } from '../../core/api/admin-codes.ts';
import type { ApplicationState } from '../../core/api/holder-rules.ts';
import type { ApproveRequest, CorrectionAnswer, PersonStatusRequest, ReviewSettingsUpdate, StatusProposal } from '../../core/api/review.ts';
import type { TraceProposalRequest, TraceRequest } from '../../core/api/traces.ts';
import type { StatusChange } from '../../core/api/admin-status.ts';
import type { CheckpointPolicy } from '../../core/policy.ts';
import type { Colour } from '../../core/reasons.ts';
import type { Role } from '../../core/roles.ts';

/** A refused or failed call; status 0 means the server could not be reached; `problem` and `field` are the server's, when it sends them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let signedOut: () => void = () => {};

/** Called whenever the server says the session is gone (401). */
export function onSignedOut(listener: () => void): void {
  signedOut = listener;
}

const client = apiClient({
  fetch: (url, init) => fetch(url, init as RequestInit),
  credentials: 'same-origin',
  onUnauthorized: () => signedOut(),
});

/** A reply's value, or the failure as an ApiError. */
function unwrap<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  if (result.kind === 'offline') throw new ApiError(0, 'network');
  if (result.kind === 'not_modified') throw new ApiError(304, 'not modified');
  throw new ApiError(result.status, result.error, result.problem, result.field);
}

async function call<K extends RouteKey>(key: K, input: RouteInput<K>): Promise<RouteReply<K>> {
  return unwrap(await client(key, input));
}

/** A query string (`?a=1&b=2`, as admin-protocol builds them) as the client's query object. */
const queryOf = (search: string): Record<string, string> => Object.fromEntries(new URLSearchParams(search));

// The last reply and its ETag per URL, so a poll that changed nothing costs a 304.
const revalidated = new Map<string, { etag: string; data: unknown }>();

/** GET with If-None-Match: the cached reply when the server answers 304. */
async function poll<K extends RouteKey>(key: K, input: RouteInput<K>): Promise<RouteReply<K>> {
  const url = routeUrl(key, input.params, input.query);
  const cached = revalidated.get(url);
  const result = await client(key, input, cached ? { headers: { 'if-none-match': cached.etag } } : {});
  if (!result.ok && result.kind === 'not_modified' && cached) return cached.data as RouteReply<K>;
  const data = unwrap(result);
  const etag = result.ok ? result.header('etag') : null;
  if (etag) {
    if (revalidated.size > 20) revalidated.clear();
    revalidated.set(url, { etag, data });
  }
  return data;
}

/** A checkpoint's editable fields, as the create and edit forms send them. */
export interface CheckpointInput {
  name: string;
  site: string;
  policy: CheckpointPolicy;
}

export type { DemoCodeRequest };

/** Every admin API call the console makes. */
export const api = {
  session: () => call('GET /api/admin/session', {}),
  login: (name: string, password: string) => call('POST /api/admin/login', { body: { name, password } }),
  logout: () => call('POST /api/admin/logout', {}),
  checkpoints: () => call('GET /api/admin/checkpoints', {}),
  createCheckpoint: (input: CheckpointInput) => call('POST /api/admin/checkpoints', { body: input }),
  updateCheckpoint: (id: string, input: CheckpointInput) => call('PATCH /api/admin/checkpoints/:id', { params: { id }, body: input }),
  enrollment: (id: string) => call('POST /api/admin/checkpoints/:id/enrollment', { params: { id } }),
  devices: () => call('GET /api/admin/devices', {}),
  renameDevice: (id: string, name: string) => call('PATCH /api/admin/devices/:id', { params: { id }, body: { name } }),
  revoke: (id: string) => call('POST /api/admin/devices/:id/revoke', { params: { id } }),
  issueCode: (request: DemoCodeRequest) => call('POST /api/admin/codes', { body: request }),
  previewStatus: (changes: StatusChange[]) => call('POST /api/admin/status/preview', { body: { changes } }),
  changeStatus: (changes: StatusChange[]) => call('POST /api/admin/status', { body: { changes } }),
  undoBatch: (id: string) => call('POST /api/admin/status/batches/:id/undo', { params: { id } }),
  batches: () => call('GET /api/admin/status/batches', {}),
  statusOf: (cid: string) => call('GET /api/admin/status/:cid', { params: { cid } }),
  entries: (filter: EntryFilter, cursor: string | null) =>
    call('GET /api/admin/entries', { query: queryOf(entryQueryString(filter, { cursor })) }),
  /** Revalidated with the last ETag: the wall-screen poll costs a 304 while nothing changed. */
  stats: (query: StatsQuery) => poll('GET /api/admin/stats', { query: queryOf(statsQueryString(query)) }),
  trust: () => call('GET /api/admin/trust', {}),
  peers: () => call('GET /api/admin/peers', {}),
  /** Sends the bundle as the administrator gave it (a JSON string): the server parses and judges it, so "not JSON" is its answer too. */
  importTrust: (bundleText: string) => call('POST /api/admin/trust', { body: bundleText }),
  accounts: () => call('GET /api/admin/accounts', {}),
  createAccount: (name: string, role: Role) => call('POST /api/admin/accounts', { body: { name, role } }),
  updateAccount: (id: string, change: { role?: Role; disabled?: boolean }) =>
    call('PATCH /api/admin/accounts/:id', { params: { id }, body: change }),
  resetPassword: (id: string) => call('POST /api/admin/accounts/:id/password', { params: { id }, body: {} }),
  audit: (before: string | null) => call('GET /api/admin/audit', { query: before ? { before } : {} }),
};

/** The review calls ("platform data verification"), persons, the second reviewer, corrections and traces. */
export const reviewApi = {
  list: (state: ApplicationState) => call('GET /api/admin/review/applications', { query: { state, limit: '100' } }),
  /** A reply with `proposal` (202) waits for a second reviewer. */
  approve: (id: string, request: ApproveRequest) =>
    call('POST /api/admin/review/applications/:id/approve', { params: { id }, body: request }),
  reject: (id: string, reason: string) => call('POST /api/admin/review/applications/:id/reject', { params: { id }, body: { reason } }),
  revoke: (id: string, reason: string) => call('POST /api/admin/review/applications/:id/revoke', { params: { id }, body: { reason } }),
  /** A reply with `proposal` (202) waits for a second reviewer. */
  changeColour: (id: string, colour: Colour) =>
    call('POST /api/admin/review/applications/:id/status', { params: { id }, body: { colour } }),
  person: (id: string) => call('GET /api/admin/review/persons/:id', { params: { id } }),
  personStatus: (id: string, request: PersonStatusRequest) =>
    call('POST /api/admin/review/persons/:id/status', { params: { id }, body: request }),
  proposals: (state: StatusProposal['state']) => call('GET /api/admin/review/proposals', { query: { state } }),
  confirmProposal: (id: string) => call('POST /api/admin/review/proposals/:id/confirm', { params: { id } }),
  rejectProposal: (id: string) => call('POST /api/admin/review/proposals/:id/reject', { params: { id } }),
  corrections: (state: 'open' | 'answered') => call('GET /api/admin/review/corrections', { query: { state } }),
  answerCorrection: (id: string, answer: CorrectionAnswer) =>
    call('POST /api/admin/review/corrections/:id/answer', { params: { id }, body: answer }),
  trace: (request: TraceRequest) => call('POST /api/admin/traces', { body: request }),
  proposeForTrace: (id: string, request: TraceProposalRequest) =>
    call('POST /api/admin/traces/:id/proposal', { params: { id }, body: request }),
  paperCode: (id: string) => call('POST /api/admin/review/applications/:id/paper-code', { params: { id } }),
  settings: () => call('GET /api/admin/review/settings', {}),
  saveSettings: (change: ReviewSettingsUpdate) => call('PATCH /api/admin/review/settings', { body: change }),
};

/** The CSV export's URL for a filter (a plain link: the browser downloads it with the cookie). */
export function entriesCsvUrl(filter: EntryFilter): string {
  return routeUrl('GET /api/admin/entries.csv', {}, queryOf(entryQueryString(filter)));
}

/** The audit log as CSV (a plain download link). */
export const AUDIT_CSV_URL = routeUrl('GET /api/admin/audit.csv');
