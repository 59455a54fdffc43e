/**
 * The console's calls to the review API (src/core/api/review.ts), same origin with the
 * session cookie. Kept apart from client.ts (the rest of the admin API) so the two change
 * independently; errors are the same ApiError values.
 */
import type { ApplicationState } from '../../core/api/holder.ts';
import type { ApplicationList, PaperCode, ReviewApplication, ReviewSettings, ReviewSettingsUpdate } from '../../core/api/review.ts';
import type { Colour } from '../../core/reasons.ts';
import { ApiError } from './client.ts';

/**
 * core/api/review.ts's REVIEW_PATHS, repeated because that module builds TypeBox schemas at
 * load and browser code imports only its types; review-client.test.ts checks they agree.
 */
const BASE = '/api/admin/review/applications';
export const CONSOLE_REVIEW_PATHS = {
  applications: BASE,
  approve: (id: string) => `${BASE}/${encodeURIComponent(id)}/approve`,
  reject: (id: string) => `${BASE}/${encodeURIComponent(id)}/reject`,
  revoke: (id: string) => `${BASE}/${encodeURIComponent(id)}/revoke`,
  status: (id: string) => `${BASE}/${encodeURIComponent(id)}/status`,
  paperCode: (id: string) => `${BASE}/${encodeURIComponent(id)}/paper-code`,
  settings: '/api/admin/review/settings',
} as const;
const REVIEW_PATHS = CONSOLE_REVIEW_PATHS;

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
  const data = (await response.json().catch(() => null)) as { error?: string } | null;
  if (!response.ok) throw new ApiError(response.status, data?.error ?? response.statusText);
  return data as T;
}

export const reviewApi = {
  list: (state: ApplicationState) => call<ApplicationList>('GET', `${REVIEW_PATHS.applications}?state=${state}&limit=100`),
  approve: (id: string, colour: Colour) => call<ReviewApplication>('POST', REVIEW_PATHS.approve(id), { colour }),
  reject: (id: string, reason: string) => call<ReviewApplication>('POST', REVIEW_PATHS.reject(id), { reason }),
  revoke: (id: string, reason: string) => call<ReviewApplication>('POST', REVIEW_PATHS.revoke(id), { reason }),
  changeColour: (id: string, colour: Colour) => call<ReviewApplication>('POST', REVIEW_PATHS.status(id), { colour }),
  paperCode: (id: string) => call<PaperCode>('POST', REVIEW_PATHS.paperCode(id)),
  settings: () => call<ReviewSettings>('GET', REVIEW_PATHS.settings),
  saveSettings: (change: ReviewSettingsUpdate) => call<ReviewSettings>('PATCH', REVIEW_PATHS.settings, change),
};
