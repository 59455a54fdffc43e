/**
 * The console's calls to the admin API (same origin; the session is an httpOnly cookie the
 * browser sends by itself). Errors are ApiError values with the server's message; any 401
 * tells the shell to show the sign-in screen again.
 */
import {
  ADMIN_PATHS,
  entryQueryString,
  statsQueryString,
  type AdminCheckpoint,
  type AdminDevice,
  type AdminTrust,
  type CodeStatus,
  type DemoCodeResponse,
  type EnrollmentQr,
  type EntriesPage,
  type EntryFilter,
  type StatusChange,
  type StatusChangeResponse,
  type Stats,
  type StatsQuery,
  type TrustImportResponse,
} from '../../core/admin-protocol.ts';
import type { CheckpointPolicy } from '../../core/policy.ts';
import type { Colour } from '../../core/reasons.ts';

/** A refused or failed call; status 0 means the server could not be reached; `problem` is the server's code for it, when it sends one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problem?: string,
  ) {
    super(message);
  }
}

let signedOut: () => void = () => {};

/** Called whenever the server says the session is gone (401). */
export function onSignedOut(listener: () => void): void {
  signedOut = listener;
}

async function call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as { error?: string; problem?: string } | null;
  if (!response.ok) {
    if (response.status === 401 && path !== ADMIN_PATHS.login) signedOut();
    throw new ApiError(response.status, data?.error ?? response.statusText, typeof data?.problem === 'string' ? data.problem : undefined);
  }
  return data as T;
}

/** A checkpoint's editable fields, as the create and edit forms send them. */
export interface CheckpointInput {
  name: string;
  site: string;
  policy: CheckpointPolicy;
}

/** What the demo-code form sends. */
export interface DemoCodeRequest {
  status: Colour;
  name?: string;
  hint?: string;
  validDays?: number;
}

/** Every admin API call the console makes. */
export const api = {
  session: () => call<{ signedIn: true }>('GET', ADMIN_PATHS.session),
  login: (password: string) => call<{ signedIn: true }>('POST', ADMIN_PATHS.login, { password }),
  logout: () => call<void>('POST', ADMIN_PATHS.logout),
  checkpoints: () => call<{ checkpoints: AdminCheckpoint[] }>('GET', ADMIN_PATHS.checkpoints),
  createCheckpoint: (input: CheckpointInput) => call<{ checkpoint: AdminCheckpoint }>('POST', ADMIN_PATHS.checkpoints, input),
  updateCheckpoint: (id: string, input: CheckpointInput) => call<{ checkpoint: AdminCheckpoint }>('PATCH', ADMIN_PATHS.checkpoint(id), input),
  enrollment: (checkpointId: string) => call<EnrollmentQr>('POST', ADMIN_PATHS.enrollment(checkpointId)),
  devices: () => call<{ devices: AdminDevice[] }>('GET', ADMIN_PATHS.devices),
  revoke: (deviceId: string) => call<{ device: AdminDevice }>('POST', ADMIN_PATHS.revoke(deviceId)),
  issueCode: (request: DemoCodeRequest) => call<DemoCodeResponse>('POST', ADMIN_PATHS.codes, request),
  changeStatus: (changes: StatusChange[]) => call<StatusChangeResponse>('POST', ADMIN_PATHS.status, { changes }),
  statusOf: (cid: string) => call<CodeStatus>('GET', ADMIN_PATHS.statusOf(cid)),
  entries: (filter: EntryFilter, cursor: string | null) => call<EntriesPage>('GET', ADMIN_PATHS.entries + entryQueryString(filter, { cursor })),
  stats: (query: StatsQuery) => call<Stats>('GET', ADMIN_PATHS.stats + statsQueryString(query)),
  trust: () => call<AdminTrust>('GET', ADMIN_PATHS.trust),
  /** Sends the bundle as the administrator gave it (a JSON string): the server parses and judges it, so "not JSON" is its answer too. */
  importTrust: (bundleText: string) => call<TrustImportResponse>('POST', ADMIN_PATHS.trust, bundleText),
};

/** The CSV export's URL for a filter (a plain link: the browser downloads it with the cookie). */
export function entriesCsvUrl(filter: EntryFilter): string {
  return ADMIN_PATHS.entriesCsv + entryQueryString(filter);
}
