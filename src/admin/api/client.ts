/**
 * The console's calls to the admin API (same origin; the session is an httpOnly cookie the
 * browser sends by itself). Paths come from core's one table (api/admin-paths.ts); shapes
 * are the TypeBox schemas' types (imported as types only, so no TypeBox in the bundle).
 * Errors are ApiError values with the server's message and the field it names; any 401
 * tells the shell to show the sign-in screen again.
 */
import { adminPath, ADMIN_PATHS } from '../../core/api/admin-paths.ts';
import {
  entryQueryString,
  statsQueryString,
  type EntriesPage,
  type EntryFilter,
  type Stats,
  type StatsQuery,
} from '../../core/admin-protocol.ts';
import type { Account, AccountCreated, AuditPage, SessionInfo } from '../../core/api/admin-accounts.ts';
import type { AdminCheckpoint, EnrollmentQr } from '../../core/api/admin-checkpoints.ts';
import type { DemoCodeRequest, DemoCodeResponse } from '../../core/api/admin-codes.ts';
import type { AdminDevice } from '../../core/api/admin-devices.ts';
import type { CodeStatus, StatusBatch, StatusChange, StatusChangeResponse, StatusPreview } from '../../core/api/admin-status.ts';
import type { AdminTrust, TrustImportResponse } from '../../core/api/admin-trust.ts';
import type { CheckpointPolicy } from '../../core/policy.ts';
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

type Method = 'GET' | 'POST' | 'PATCH';

async function send(method: Method, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network');
  }
}

async function failure(response: Response, path: string): Promise<ApiError> {
  const data = (await response.json().catch(() => null)) as { error?: string; problem?: string; field?: string } | null;
  if (response.status === 401 && path !== ADMIN_PATHS.login) signedOut();
  return new ApiError(
    response.status,
    data?.error ?? response.statusText,
    typeof data?.problem === 'string' ? data.problem : undefined,
    typeof data?.field === 'string' ? data.field : undefined,
  );
}

async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (response.status === 204) return undefined as T;
  if (!response.ok) throw await failure(response, path);
  return (await response.json()) as T;
}

// The last reply and its ETag per URL, so a poll that changed nothing costs a 304.
const revalidated = new Map<string, { etag: string; data: unknown }>();

/** GET with If-None-Match: the cached reply when the server answers 304. */
async function poll<T>(path: string): Promise<T> {
  const cached = revalidated.get(path);
  const response = await send('GET', path, undefined, cached ? { 'if-none-match': cached.etag } : {});
  if (response.status === 304 && cached) return cached.data as T;
  if (!response.ok) throw await failure(response, path);
  const data = (await response.json()) as T;
  const etag = response.headers.get('etag');
  if (etag) {
    if (revalidated.size > 20) revalidated.clear();
    revalidated.set(path, { etag, data });
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
  session: () => call<SessionInfo>('GET', ADMIN_PATHS.session),
  login: (name: string, password: string) => call<SessionInfo>('POST', ADMIN_PATHS.login, { name, password }),
  logout: () => call<void>('POST', ADMIN_PATHS.logout),
  checkpoints: () => call<{ checkpoints: AdminCheckpoint[] }>('GET', ADMIN_PATHS.checkpoints),
  createCheckpoint: (input: CheckpointInput) => call<{ checkpoint: AdminCheckpoint }>('POST', ADMIN_PATHS.checkpoints, input),
  updateCheckpoint: (id: string, input: CheckpointInput) =>
    call<{ checkpoint: AdminCheckpoint }>('PATCH', adminPath(ADMIN_PATHS.checkpoint, { id }), input),
  enrollment: (id: string) => call<EnrollmentQr>('POST', adminPath(ADMIN_PATHS.enrollment, { id })),
  devices: () => call<{ devices: AdminDevice[] }>('GET', ADMIN_PATHS.devices),
  renameDevice: (id: string, name: string) => call<{ device: AdminDevice }>('PATCH', adminPath(ADMIN_PATHS.device, { id }), { name }),
  revoke: (id: string) => call<{ device: AdminDevice }>('POST', adminPath(ADMIN_PATHS.revoke, { id })),
  issueCode: (request: DemoCodeRequest) => call<DemoCodeResponse>('POST', ADMIN_PATHS.codes, request),
  previewStatus: (changes: StatusChange[]) => call<StatusPreview>('POST', ADMIN_PATHS.statusPreview, { changes }),
  changeStatus: (changes: StatusChange[]) => call<StatusChangeResponse>('POST', ADMIN_PATHS.status, { changes }),
  undoBatch: (id: string) => call<StatusChangeResponse>('POST', adminPath(ADMIN_PATHS.statusUndo, { id })),
  batches: () => call<{ batches: StatusBatch[] }>('GET', ADMIN_PATHS.statusBatches),
  statusOf: (cid: string) => call<CodeStatus>('GET', adminPath(ADMIN_PATHS.statusOf, { cid })),
  entries: (filter: EntryFilter, cursor: string | null) =>
    call<EntriesPage>('GET', ADMIN_PATHS.entries + entryQueryString(filter, { cursor })),
  /** Revalidated with the last ETag: the wall-screen poll costs a 304 while nothing changed. */
  stats: (query: StatsQuery) => poll<Stats>(ADMIN_PATHS.stats + statsQueryString(query)),
  trust: () => call<AdminTrust>('GET', ADMIN_PATHS.trust),
  /** Sends the bundle as the administrator gave it (a JSON string): the server parses and judges it, so "not JSON" is its answer too. */
  importTrust: (bundleText: string) => call<TrustImportResponse>('POST', ADMIN_PATHS.trust, bundleText),
  accounts: () => call<{ accounts: Account[] }>('GET', ADMIN_PATHS.accounts),
  createAccount: (name: string, role: Role) => call<AccountCreated>('POST', ADMIN_PATHS.accounts, { name, role }),
  updateAccount: (id: string, change: { role?: Role; disabled?: boolean }) =>
    call<{ account: Account }>('PATCH', adminPath(ADMIN_PATHS.account, { id }), change),
  resetPassword: (id: string) => call<AccountCreated>('POST', adminPath(ADMIN_PATHS.accountPassword, { id }), {}),
  audit: (before: string | null) => call<AuditPage>('GET', ADMIN_PATHS.audit + (before ? `?before=${encodeURIComponent(before)}` : '')),
};

/** The CSV export's URL for a filter (a plain link: the browser downloads it with the cookie). */
export function entriesCsvUrl(filter: EntryFilter): string {
  return ADMIN_PATHS.entriesCsv + entryQueryString(filter);
}

/** The audit log as CSV (a plain download link). */
export const AUDIT_CSV_URL = ADMIN_PATHS.auditCsv;
