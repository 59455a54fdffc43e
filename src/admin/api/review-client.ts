/**
 * The console's calls to the review API (src/core/api/review.ts), same origin with the
 * session cookie. Kept apart from client.ts (the rest of the admin API) so the two change
 * independently; errors are the same ApiError values.
 */
import type { ApplicationState } from '../../core/api/holder.ts';
import type {
  ApplicationList,
  ApproveRequest,
  CorrectionAnswer,
  CorrectionList,
  PaperCode,
  PersonStatusRequest,
  PersonView,
  ProposalList,
  ProposalPending,
  ReviewApplication,
  ReviewSettings,
  ReviewSettingsUpdate,
  StatusProposal,
} from '../../core/api/review.ts';
import type { TraceProposalRequest, TraceRequest, TraceResult } from '../../core/api/traces.ts';
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
  person: (id: string) => `/api/admin/review/persons/${encodeURIComponent(id)}`,
  personStatus: (id: string) => `/api/admin/review/persons/${encodeURIComponent(id)}/status`,
  proposals: '/api/admin/review/proposals',
  confirmProposal: (id: string) => `/api/admin/review/proposals/${encodeURIComponent(id)}/confirm`,
  rejectProposal: (id: string) => `/api/admin/review/proposals/${encodeURIComponent(id)}/reject`,
  corrections: '/api/admin/review/corrections',
  answerCorrection: (id: string) => `/api/admin/review/corrections/${encodeURIComponent(id)}/answer`,
  traces: '/api/admin/traces',
  traceProposal: (id: string) => `/api/admin/traces/${encodeURIComponent(id)}/proposal`,
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
  const data = (await response.json().catch(() => null)) as { error?: string; problem?: string; field?: string } | null;
  if (!response.ok) throw new ApiError(response.status, data?.error ?? response.statusText, data?.problem, data?.field);
  return data as T;
}

export const reviewApi = {
  list: (state: ApplicationState) => call<ApplicationList>('GET', `${REVIEW_PATHS.applications}?state=${state}&limit=100`),
  /** A reply with `proposal` (202) waits for a second reviewer. */
  approve: (id: string, request: ApproveRequest) => call<ReviewApplication | ProposalPending>('POST', REVIEW_PATHS.approve(id), request),
  reject: (id: string, reason: string) => call<ReviewApplication>('POST', REVIEW_PATHS.reject(id), { reason }),
  revoke: (id: string, reason: string) => call<ReviewApplication>('POST', REVIEW_PATHS.revoke(id), { reason }),
  changeColour: (id: string, colour: Colour) => call<ReviewApplication | ProposalPending>('POST', REVIEW_PATHS.status(id), { colour }),
  person: (id: string) => call<PersonView>('GET', REVIEW_PATHS.person(id)),
  personStatus: (id: string, request: PersonStatusRequest) =>
    call<PersonView | ProposalPending>('POST', REVIEW_PATHS.personStatus(id), request),
  proposals: (state: StatusProposal['state']) => call<ProposalList>('GET', `${REVIEW_PATHS.proposals}?state=${state}`),
  confirmProposal: (id: string) => call<unknown>('POST', REVIEW_PATHS.confirmProposal(id), {}),
  rejectProposal: (id: string) => call<unknown>('POST', REVIEW_PATHS.rejectProposal(id), {}),
  corrections: (state: 'open' | 'answered') => call<CorrectionList>('GET', `${REVIEW_PATHS.corrections}?state=${state}`),
  answerCorrection: (id: string, answer: CorrectionAnswer) => call<unknown>('POST', REVIEW_PATHS.answerCorrection(id), answer),
  trace: (request: TraceRequest) => call<TraceResult>('POST', REVIEW_PATHS.traces, request),
  proposeForTrace: (id: string, request: TraceProposalRequest) => call<ProposalPending>('POST', REVIEW_PATHS.traceProposal(id), request),
  paperCode: (id: string) => call<PaperCode>('POST', REVIEW_PATHS.paperCode(id)),
  settings: () => call<ReviewSettings>('GET', REVIEW_PATHS.settings),
  saveSettings: (change: ReviewSettingsUpdate) => call<ReviewSettings>('PATCH', REVIEW_PATHS.settings, change),
};
