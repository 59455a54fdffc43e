/**
 * Every HTTP route of the server, once, as data: the key is `METHOD /path` (Fastify's `:name`
 * parameters), the value says who may call it, its parameters, query, body, replies (TypeBox
 * schemas), how a success may be cached, and its body limit. The server registers each route
 * from this table (src/server/http/serve-route.ts), the clients call through the one typed
 * client built on it (api-client.ts, which imports this module's *type* only, so no browser
 * bundle carries TypeBox), and GET /api/openapi.json is generated from it (openapi.ts).
 *
 * A new route is an entry here and a handler on the server; nothing else lists paths.
 * Import this module by path, never through core's index.
 */
import { Type, type TSchema } from 'typebox';
import type { Permission } from '../roles.ts';
import {
  AccountCreate,
  AccountCreated,
  AccountList,
  AccountPatch,
  AccountReply,
  AuditPage,
  AuditQuery,
  LoginRequest,
  PasswordReset,
  SessionInfo,
} from './admin-accounts.ts';
import { CheckpointCreate, CheckpointList, CheckpointPatch, CheckpointReply, EnrollmentQr, IdParams } from './admin-checkpoints.ts';
import { DemoCodeRequest, DemoCodeResponse } from './admin-codes.ts';
import { DeviceList, DeviceRename, DeviceReply } from './admin-devices.ts';
import { EntriesPageSchema, RawQuery, StatsSchema } from './admin-entries.ts';
import { CidParams, CodeStatus, StatusBatchList, StatusChangeRequest, StatusChangeResponse, StatusPreview } from './admin-status.ts';
import { AdminTrust, TrustImportResponse } from './admin-trust.ts';
import {
  ApplicationCreated,
  ApplicationRequest,
  ApplicationView,
  CorrectionRequest,
  HolderCorrection,
  HolderCorrectionList,
  HolderScanList,
  HolderStatus,
} from './holder.ts';
import {
  ApplicationList,
  ApplicationListQuery,
  ApplicationParams,
  ApproveRequest,
  ColourChangeRequest,
  CorrectionAnswer,
  CorrectionList,
  CorrectionListQuery,
  PaperCode,
  PersonParams,
  PersonStatusRequest,
  PersonView,
  ProposalList,
  ProposalListQuery,
  ProposalPending,
  ReasonRequest,
  ReviewApplication,
  ReviewSettings,
  ReviewSettingsUpdate,
  StatusProposal,
} from './review.ts';
import {
  AppConfig,
  DeltasGone,
  DeltasQuery,
  DeltasResponse,
  EnrollPreviewRequest,
  EnrollPreviewResponse,
  EnrollRequest,
  EnrollResponse,
  EntriesRequest,
  EntriesResponse,
  Envelope,
  CheckpointResponse,
  DeviceNameReply,
  Health,
  MAX_ENTRIES_BODY_BYTES,
  SnapshotParams,
  StatusHead,
  StatusQuery,
} from './sync.ts';
import { AdminPeers } from './admin-peers.ts';
import { TraceParams, TraceProposalRequest, TraceRequest, TraceResult } from './traces.ts';

/**
 * Who may call a route: anyone (`public`), an enrolled device (`device`: its Bearer
 * credential), a holder (`holder`: the Bearer credential of that application, checked with
 * it), any signed-in console account (`session`), a console role with that permission, or
 * the operator's monitoring (`monitoring`: a request from the server's own machine, not
 * through a proxy, or one carrying the `--metrics-token`; checked by the handler).
 */
export type Access = 'public' | 'device' | 'holder' | 'session' | 'monitoring' | Permission;

/**
 * How a successful reply may be cached; every error reply is `no-store`. `revalidate`
 * replies carry an ETag and may be kept 10 s by a shared cache; `immutable` never change.
 */
export type Caching = 'no-store' | 'no-cache' | 'revalidate' | 'immutable';

export interface RouteSpec {
  summary: string;
  access: Access;
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  /** Success (and documented non-error) replies by status; the error body is added to every route. */
  reply: Record<number, TSchema>;
  /** The media type of the success reply when it is not JSON (a CSV download, the metrics). */
  produces?: 'text/csv' | 'text/plain';
  caching: Caching;
  /** Largest request body in bytes, when not the server's 64 KiB default. */
  bodyLimit?: number;
}

/** The Cache-Control header of a successful reply for each caching rule. */
export const CACHE_CONTROL: Record<Caching, string> = {
  'no-store': 'no-store',
  'no-cache': 'no-cache',
  revalidate: 'public, no-cache, s-maxage=10',
  immutable: 'public, max-age=31536000, immutable',
};

/** One reason an uploaded entry was refused (POST /api/entries). */
const EntryProblemSchema = Type.Object({
  index: Type.Integer(),
  field: Type.String(),
  problem: Type.Enum(['missing', 'wrong_type', 'invalid', 'unknown_field']),
});

/** Every 4xx/5xx body: the message, and what the client can act on when the server knows it. */
export const ErrorReply = Type.Object({
  error: Type.String(),
  /** The wrong field, dotted (`declaration.contact`, `querystring.limit`). */
  field: Type.Optional(Type.String()),
  /** A machine-readable reason (`name_taken`, `last_admin`, `rollback`, …). */
  problem: Type.Optional(Type.String()),
  /** The permission a 403 was missing. */
  permission: Type.Optional(Type.String()),
  /** POST /api/entries: the refused entries. */
  problems: Type.Optional(Type.Array(EntryProblemSchema)),
});

const Csv = Type.String({ description: 'CSV, UTF-8, one header row' });
const NoBody = Type.Null({ description: 'no body' });
const AnyJson = Type.Unknown({ description: 'any JSON' });
const OpenApiDocument = Type.Object({ openapi: Type.String() }, { additionalProperties: true, description: 'an OpenAPI 3.1 document' });

const define = <const T extends Record<string, RouteSpec>>(routes: T): T => routes;

/** A route's spec: who may call it, what it does, and the rest (schemas, limits); never cached unless `caching` says so. */
function route<const S extends Omit<RouteSpec, 'summary' | 'access' | 'caching'> & { caching?: Caching }>(
  access: Access,
  summary: string,
  spec: S,
): S & { summary: string; access: Access; caching: Caching } {
  return { caching: 'no-store', ...spec, summary, access };
}

export const ROUTES = define({
  // Public reads.
  'GET /healthz': route('public', 'Whether the database answers and takes a write (503 when not, saying why)', {
    reply: { 200: Health, 503: Health },
  }),
  'GET /config.json': route('public', 'The deployment configuration the apps load: root key, API base', {
    reply: { 200: AppConfig },
    caching: 'no-cache',
  }),
  'GET /api/openapi.json': route('public', 'This API as an OpenAPI 3.1 document, generated from the route table', {
    reply: { 200: OpenApiDocument },
    caching: 'no-cache',
  }),
  'GET /metrics': route(
    'monitoring',
    'Metrics in the Prometheus text format: entries, uploads by device, silent devices, status chain, queues, latency',
    { reply: { 200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }) }, produces: 'text/plain' },
  ),
  'GET /api/trust': route('public', 'The signed trust bundle envelope (404 before one is imported)', {
    reply: { 200: Envelope },
    caching: 'revalidate',
  }),
  'GET /api/status/head': route(
    'public',
    "The latest status sequence number and where its snapshot lives (`authority`: a relayed peer's chain)",
    {
      query: StatusQuery,
      reply: { 200: StatusHead },
      caching: 'revalidate',
    },
  ),
  'GET /api/status/snapshot/:to/:part': route(
    'public',
    "One signed part of the status snapshot at `to` (`authority`: a relayed peer's chain)",
    {
      params: SnapshotParams,
      query: StatusQuery,
      reply: { 200: Envelope },
      caching: 'immutable',
    },
  ),
  'GET /api/status/deltas': route(
    'public',
    "The signed status deltas from `from` to the head (410: fetch the snapshot; `authority`: a relayed peer's chain)",
    { query: DeltasQuery, reply: { 200: DeltasResponse, 410: DeltasGone }, caching: 'revalidate' },
  ),

  // Devices (scanners).
  'POST /api/devices/enroll': route('public', 'Enroll a device with a one-time token; the reply carries its credential once', {
    body: EnrollRequest,
    reply: { 201: EnrollResponse },
    bodyLimit: 4096,
  }),
  'POST /api/devices/enroll/preview': route(
    'public',
    "Where an unspent enrollment token would enroll, and the number the scanner offers in the device's name",
    { body: EnrollPreviewRequest, reply: { 200: EnrollPreviewResponse }, bodyLimit: 4096 },
  ),
  'GET /api/checkpoint': route('device', "The device's checkpoint and policy, with the server's time", {
    reply: { 200: CheckpointResponse },
  }),
  'PATCH /api/device': route('device', 'Rename the calling device (the guard names it on the phone); a blank name clears it', {
    body: DeviceRename,
    reply: { 200: DeviceNameReply },
    bodyLimit: 4096,
  }),
  'POST /api/entries': route('device', 'Upload entries: all or nothing, idempotent by id', {
    body: EntriesRequest,
    reply: { 200: EntriesResponse },
    bodyLimit: MAX_ENTRIES_BODY_BYTES,
  }),

  // Holders.
  'POST /api/holder/applications': route('public', 'Apply for a code; the reply carries the credential for the calls below once', {
    body: ApplicationRequest,
    reply: { 201: ApplicationCreated },
    bodyLimit: 8 * 1024,
  }),
  'GET /api/holder/applications/:id': route('holder', 'Where an application stands, with its current code', {
    params: ApplicationParams,
    reply: { 200: ApplicationView },
  }),
  'POST /api/holder/applications/:id/renew': route('holder', "Renew an approved application's code", {
    params: ApplicationParams,
    reply: { 200: ApplicationView },
    bodyLimit: 1024,
  }),
  'GET /api/holder/applications/:id/status': route(
    'holder',
    "The person's status in force: colour, reason, since, until (409 until the application is approved)",
    { params: ApplicationParams, reply: { 200: HolderStatus } },
  ),
  'POST /api/holder/applications/:id/corrections': route('holder', 'Ask for a correction ("this is wrong"); throttled per address', {
    params: ApplicationParams,
    body: CorrectionRequest,
    reply: { 201: HolderCorrection },
    bodyLimit: 4096,
  }),
  'GET /api/holder/applications/:id/corrections': route('holder', "This application's correction requests with the reviewers' replies", {
    params: ApplicationParams,
    reply: { 200: HolderCorrectionList },
  }),
  'GET /api/holder/applications/:id/scans': route(
    'holder',
    "Where this application's codes were scanned (checkpoint, time, result), newest first",
    { params: ApplicationParams, reply: { 200: HolderScanList } },
  ),

  // Console: signing in.
  'POST /api/admin/login': route('public', 'Sign in (sets the session cookie); throttled per address', {
    body: LoginRequest,
    reply: { 200: SessionInfo },
    bodyLimit: 4096,
  }),
  'POST /api/admin/logout': route('public', 'Sign out (clears the session cookie)', { reply: { 204: NoBody } }),
  'GET /api/admin/session': route('session', "Who is signed in, with the role's permissions", { reply: { 200: SessionInfo } }),

  // Console: checkpoints and devices.
  'GET /api/admin/checkpoints': route('read', 'All checkpoints', { reply: { 200: CheckpointList } }),
  'POST /api/admin/checkpoints': route('operate', 'Create a checkpoint', { body: CheckpointCreate, reply: { 201: CheckpointReply } }),
  'PATCH /api/admin/checkpoints/:id': route('operate', "Change a checkpoint's name, site or policy", {
    params: IdParams,
    body: CheckpointPatch,
    reply: { 200: CheckpointReply },
  }),
  'POST /api/admin/checkpoints/:id/enrollment': route('operate', 'A one-time enrollment code for a new device at this checkpoint', {
    params: IdParams,
    reply: { 201: EnrollmentQr },
  }),
  'GET /api/admin/devices': route('read', 'All enrolled devices', { reply: { 200: DeviceList } }),
  'PATCH /api/admin/devices/:id': route('operate', 'Rename a device', {
    params: IdParams,
    body: DeviceRename,
    reply: { 200: DeviceReply },
  }),
  'POST /api/admin/devices/:id/revoke': route('operate', "Revoke a device's credential", { params: IdParams, reply: { 200: DeviceReply } }),

  // Console: codes, status and trust.
  'POST /api/admin/codes': route('operate', 'Issue a demo code with the demo issuer key', {
    body: DemoCodeRequest,
    reply: { 200: DemoCodeResponse },
  }),
  'POST /api/admin/status/preview': route('operate', 'What a list of status changes would change, without publishing', {
    body: StatusChangeRequest,
    reply: { 200: StatusPreview },
    bodyLimit: 8 * 1024 * 1024,
  }),
  'POST /api/admin/status': route('operate', 'Publish a list of status changes as one signed delta', {
    body: StatusChangeRequest,
    reply: { 200: StatusChangeResponse },
    bodyLimit: 8 * 1024 * 1024,
  }),
  'POST /api/admin/status/batches/:id/undo': route('operate', 'Undo a published batch of status changes', {
    params: IdParams,
    reply: { 200: StatusChangeResponse },
  }),
  'GET /api/admin/status/batches': route('read', 'The recent batches of status changes', { reply: { 200: StatusBatchList } }),
  'GET /api/admin/status/:cid': route('read', 'The latest published status change of a code', {
    params: CidParams,
    reply: { 200: CodeStatus },
  }),
  'GET /api/admin/trust': route('read', 'The published trust bundle and its keys', { reply: { 200: AdminTrust } }),
  'GET /api/admin/peers': route(
    'read',
    'Recognised authorities with their key fingerprints, and the peers this server relays (last pull, position, lag)',
    { reply: { 200: AdminPeers } },
  ),
  'POST /api/admin/trust': route('administer', 'Import a newer signed trust bundle (the body is the bundle, or a JSON string of it)', {
    body: AnyJson,
    reply: { 200: TrustImportResponse },
    bodyLimit: 1024 * 1024,
  }),

  // Console: entries and statistics.
  'GET /api/admin/entries': route('read', 'Entries matching a filter, one page', { query: RawQuery, reply: { 200: EntriesPageSchema } }),
  'GET /api/admin/entries.csv': route('read', 'Every entry matching a filter, as CSV', {
    query: RawQuery,
    reply: { 200: Csv },
    produces: 'text/csv',
  }),
  'GET /api/admin/stats': route('read', 'Counts per hour, decision and reason (ETag: 304 while nothing changed)', {
    query: RawQuery,
    reply: { 200: StatsSchema },
  }),

  // Console: accounts and the audit log.
  'GET /api/admin/accounts': route('administer', 'All console accounts', { reply: { 200: AccountList } }),
  'POST /api/admin/accounts': route('administer', 'Add an account (the reply carries a generated password once)', {
    body: AccountCreate,
    reply: { 201: AccountCreated },
  }),
  'PATCH /api/admin/accounts/:id': route('administer', "Change an account's role, or disable or enable it", {
    params: IdParams,
    body: AccountPatch,
    reply: { 200: AccountReply },
  }),
  'POST /api/admin/accounts/:id/password': route('administer', "Set or generate an account's password", {
    params: IdParams,
    body: PasswordReset,
    reply: { 200: AccountCreated },
  }),
  'GET /api/admin/audit': route('administer', 'The audit log, newest first, one page', { query: AuditQuery, reply: { 200: AuditPage } }),
  'GET /api/admin/audit.csv': route('administer', 'The whole audit log as CSV', { reply: { 200: Csv }, produces: 'text/csv' }),

  // Console: review of holder applications.
  'GET /api/admin/review/applications': route('review', 'Applications in a state (default pending, oldest first)', {
    query: ApplicationListQuery,
    reply: { 200: ApplicationList },
  }),
  'GET /api/admin/review/applications/:id': route('review', 'One application with its personal data and decisions', {
    params: ApplicationParams,
    reply: { 200: ReviewApplication },
  }),
  'POST /api/admin/review/applications/:id/approve': route(
    'review',
    'Approve with a colour (issues the code); 202 when the second-reviewer rule holds it as a proposal',
    { params: ApplicationParams, body: ApproveRequest, reply: { 200: ReviewApplication, 202: ProposalPending }, bodyLimit: 1024 },
  ),
  'POST /api/admin/review/applications/:id/reject': route('review', 'Reject with a reason the holder sees', {
    params: ApplicationParams,
    body: ReasonRequest,
    reply: { 200: ReviewApplication },
    bodyLimit: 4096,
  }),
  'POST /api/admin/review/applications/:id/revoke': route('review', 'Revoke an approved application and its codes', {
    params: ApplicationParams,
    body: ReasonRequest,
    reply: { 200: ReviewApplication },
    bodyLimit: 4096,
  }),
  'POST /api/admin/review/applications/:id/status': route(
    'review',
    'Publish a new colour for every unexpired code of an application (202: held for a second reviewer)',
    { params: ApplicationParams, body: ColourChangeRequest, reply: { 200: ReviewApplication, 202: ProposalPending }, bodyLimit: 1024 },
  ),
  'POST /api/admin/review/applications/:id/paper-code': route('operate', 'Print a static paper code for a member with no phone', {
    params: ApplicationParams,
    reply: { 201: PaperCode },
  }),
  'GET /api/admin/review/persons/:id': route(
    'review',
    'A person: their status, its history, their applications and codes (never the ID number)',
    { params: PersonParams, reply: { 200: PersonView } },
  ),
  'POST /api/admin/review/persons/:id/status': route('review', "Set a person's status (202: held for a second reviewer as a proposal)", {
    params: PersonParams,
    body: PersonStatusRequest,
    reply: { 200: PersonView, 202: ProposalPending },
    bodyLimit: 2048,
  }),
  'GET /api/admin/review/proposals': route('review', 'Status changes waiting for a second reviewer (or confirmed, or rejected)', {
    query: ProposalListQuery,
    reply: { 200: ProposalList },
  }),
  'POST /api/admin/review/proposals/:id/confirm': route(
    'review',
    'A reviewer other than the proposer confirms a proposal: it takes effect as one signed delta',
    { params: PersonParams, reply: { 200: StatusProposal } },
  ),
  'POST /api/admin/review/proposals/:id/reject': route('review', 'Reject a proposal: nothing changes', {
    params: PersonParams,
    reply: { 200: StatusProposal },
  }),
  'GET /api/admin/review/corrections': route('review', "Holders' correction requests, with the open count and the oldest's age", {
    query: CorrectionListQuery,
    reply: { 200: CorrectionList },
  }),
  'POST /api/admin/review/corrections/:id/answer': route(
    'review',
    'Answer a correction request (a status change in it may wait for a second reviewer: 202)',
    { params: PersonParams, body: CorrectionAnswer, reply: { 200: CorrectionList, 202: ProposalPending }, bodyLimit: 4096 },
  ),
  'GET /api/admin/review/settings': route('review', 'The review rules and the validity of issued codes', {
    reply: { 200: ReviewSettings },
  }),
  'PATCH /api/admin/review/settings': route(
    'administer',
    'Change the review rules, the second-reviewer rule or the validity of issued codes (an admin)',
    { body: ReviewSettingsUpdate, reply: { 200: ReviewSettings }, bodyLimit: 4096 },
  ),

  // Console: contact tracing (issue 14; role tracer, and admins).
  'POST /api/admin/traces': route('trace', "Run a contact trace from a case's cid (masked names only; audited with its reason)", {
    body: TraceRequest,
    reply: { 200: TraceResult },
    bodyLimit: 4096,
  }),
  'GET /api/admin/traces/:id': route('trace', 'A stored trace', { params: TraceParams, reply: { 200: TraceResult } }),
  'POST /api/admin/traces/:id/proposal': route(
    'trace',
    "Propose a status for a trace's contacts (202: waits for a reviewer; 200: a reviewer's, in effect)",
    { params: TraceParams, body: TraceProposalRequest, reply: { 200: ProposalPending, 202: ProposalPending }, bodyLimit: 4 * 1024 * 1024 },
  ),
});

export type Routes = typeof ROUTES;
export type RouteKey = keyof Routes & string;
