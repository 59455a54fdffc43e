/**
 * The holder API over fetch: apply, read an application, renew its code, contest its status
 * (corrections) and read where its codes were scanned. Failures are
 * values: `offline` (no answer at all; the app keeps what it has and tries again later) or
 * `refused` (the server's 4xx/5xx with its `{ error, field? }`).
 */
import type {
  ApplicationCreated,
  ApplicationRequest,
  ApplicationView,
  HolderCorrection,
  HolderCorrectionList,
  HolderScanList,
} from '../../core/api/holder.ts';
import { HOLDER_API } from './contract.ts';

export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'offline' }
  | { ok: false; kind: 'refused'; status: number; error: string; field?: string };

export interface HolderApi {
  apply(request: ApplicationRequest): Promise<ApiResult<ApplicationCreated>>;
  read(id: string, credential: string): Promise<ApiResult<ApplicationView>>;
  renew(id: string, credential: string): Promise<ApiResult<ApplicationView>>;
  /** The holder's "this is wrong" requests with the reviewers' replies, and sending one. */
  corrections(id: string, credential: string): Promise<ApiResult<HolderCorrectionList>>;
  correct(id: string, credential: string, text: string): Promise<ApiResult<HolderCorrection>>;
  /** Where this application's codes were scanned, newest first. */
  scans(id: string, credential: string): Promise<ApiResult<HolderScanList>>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function holderApi(base = '', fetchImpl: Fetch = (input, init) => fetch(input, init)): HolderApi {
  const call = async <T>(method: string, path: string, credential: string | null, body?: unknown): Promise<ApiResult<T>> => {
    let response: Response;
    try {
      const headers: Record<string, string> = {};
      if (credential) headers.authorization = `Bearer ${credential}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      response = await fetchImpl(base + path, {
        method,
        headers,
        cache: 'no-store',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, kind: 'offline' };
    }
    let parsed: unknown = null;
    try {
      parsed = await response.json();
    } catch {
      parsed = null;
    }
    if (response.ok && parsed && typeof parsed === 'object') return { ok: true, value: parsed as T };
    const problem = (parsed ?? {}) as { error?: unknown; field?: unknown };
    return {
      ok: false,
      kind: 'refused',
      status: response.status,
      error: typeof problem.error === 'string' ? problem.error : `HTTP ${response.status}`,
      ...(typeof problem.field === 'string' ? { field: problem.field } : {}),
    };
  };
  return {
    apply: (request) => call('POST', HOLDER_API.apply, null, request),
    read: (id, credential) => call('GET', HOLDER_API.application(id), credential),
    renew: (id, credential) => call('POST', HOLDER_API.renew(id), credential, {}),
    corrections: (id, credential) => call('GET', HOLDER_API.corrections(id), credential),
    correct: (id, credential, text) => call('POST', HOLDER_API.corrections(id), credential, { text }),
    scans: (id, credential) => call('GET', HOLDER_API.scans(id), credential),
  };
}
