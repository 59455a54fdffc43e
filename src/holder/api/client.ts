/**
 * The holder API (apply, read an application, renew its code, contest its status with
 * corrections, read where its codes were scanned) through core's one typed client
 * (core/api/api-client.ts), which names routes by the route table's keys. Failures are values:
 * `offline` (no answer at all; the app keeps what it has and tries again later) or `refused`
 * (the server's 4xx/5xx with its `error`, `problem` and `field`).
 */
import { apiClient, type ApiResult, type Fetch } from '../../core/api/api-client.ts';
import type {
  ApplicationCreated,
  ApplicationRequest,
  ApplicationView,
  HolderCorrection,
  HolderCorrectionList,
  HolderScanList,
} from '../../core/api/holder.ts';

export type { ApiResult };

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

export function holderApi(base = '', fetchImpl: Fetch = (url, init) => fetch(url, init as RequestInit)): HolderApi {
  const call = apiClient({ fetch: fetchImpl, base, cache: 'no-store' });
  return {
    apply: (request) => call('POST /api/holder/applications', { body: request }),
    read: (id, credential) => call('GET /api/holder/applications/:id', { params: { id } }, { credential }),
    renew: (id, credential) => call('POST /api/holder/applications/:id/renew', { params: { id } }, { credential }),
    corrections: (id, credential) => call('GET /api/holder/applications/:id/corrections', { params: { id } }, { credential }),
    correct: (id, credential, text) =>
      call('POST /api/holder/applications/:id/corrections', { params: { id }, body: { text } }, { credential }),
    scans: (id, credential) => call('GET /api/holder/applications/:id/scans', { params: { id } }, { credential }),
  };
}
