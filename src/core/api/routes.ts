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
  Health,
  MAX_ENTRIES_BODY_BYTES,
  SnapshotParams,
  StatusHead,
} from './sync.ts';
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

export const ROUTES = define({
  // Public reads.
  'GET /healthz': {
    summary: 'Whether the database answers and takes a write (503 when not, saying why)',
    access: 'public',
    reply: { 200: Health, 503: Health },
    caching: 'no-store',
  },
  'GET /config.json': {
    summary: 'The deployment configuration the apps load: root key, API base',
    access: 'public',
    reply: { 200: AppConfig },
    caching: 'no-cache',
  },
  'GET /api/openapi.json': {
    summary: 'This API as an OpenAPI 3.1 document, generated from the route table',
    access: 'public',
    reply: { 200: OpenApiDocument },
    caching: 'no-cache',
  },
  'GET /metrics': {
    summary: 'Metrics in the Prometheus text format: entries, uploads by device, silent devices, status chain, queues, latency',
    access: 'monitoring',
    reply: { 200: Type.String({ description: 'Prometheus text exposition format 0.0.4' }) },
    produces: 'text/plain',
    caching: 'no-store',
  },
  'GET /api/trust': {
    summary: 'The signed trust bundle envelope (404 before one is imported)',
    access: 'public',
    reply: { 200: Envelope },
    caching: 'revalidate',
  },
  'GET /api/status/head': {
    summary: 'The latest status sequence number and where its snapshot lives',
    access: 'public',
    reply: { 200: StatusHead },
    caching: 'revalidate',
  },
  'GET /api/status/snapshot/:to/:part': {
    summary: 'One signed part of the status snapshot at `to`',
    access: 'public',
    params: SnapshotParams,
    reply: { 200: Envelope },
    caching: 'immutable',
  },
  'GET /api/status/deltas': {
    summary: 'The signed status deltas from `from` to the head (410: fetch the snapshot)',
    access: 'public',
    query: DeltasQuery,
    reply: { 200: DeltasResponse, 410: DeltasGone },
    caching: 'revalidate',
  },

  // Devices (scanners).
  'POST /api/devices/enroll': {
    summary: 'Enroll a device with a one-time token; the reply carries its credential once',
    access: 'public',
    body: EnrollRequest,
    reply: { 201: EnrollResponse },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'POST /api/devices/enroll/preview': {
    summary: "Where an unspent enrollment token would enroll, and the number the scanner offers in the device's name",
    access: 'public',
    body: EnrollPreviewRequest,
    reply: { 200: EnrollPreviewResponse },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'GET /api/checkpoint': {
    summary: "The device's checkpoint and policy, with the server's time",
    access: 'device',
    reply: { 200: CheckpointResponse },
    caching: 'no-store',
  },
  'POST /api/entries': {
    summary: 'Upload entries: all or nothing, idempotent by id',
    access: 'device',
    body: EntriesRequest,
    reply: { 200: EntriesResponse },
    caching: 'no-store',
    bodyLimit: MAX_ENTRIES_BODY_BYTES,
  },

  // Holders.
  'POST /api/holder/applications': {
    summary: 'Apply for a code; the reply carries the credential for the calls below once',
    access: 'public',
    body: ApplicationRequest,
    reply: { 201: ApplicationCreated },
    caching: 'no-store',
    bodyLimit: 8 * 1024,
  },
  'GET /api/holder/applications/:id': {
    summary: 'Where an application stands, with its current code',
    access: 'holder',
    params: ApplicationParams,
    reply: { 200: ApplicationView },
    caching: 'no-store',
  },
  'POST /api/holder/applications/:id/renew': {
    summary: "Renew an approved application's code",
    access: 'holder',
    params: ApplicationParams,
    reply: { 200: ApplicationView },
    caching: 'no-store',
    bodyLimit: 1024,
  },
  'GET /api/holder/applications/:id/status': {
    summary: "The person's status in force: colour, reason, since, until (409 until the application is approved)",
    access: 'holder',
    params: ApplicationParams,
    reply: { 200: HolderStatus },
    caching: 'no-store',
  },
  'POST /api/holder/applications/:id/corrections': {
    summary: 'Ask for a correction ("this is wrong"); throttled per address',
    access: 'holder',
    params: ApplicationParams,
    body: CorrectionRequest,
    reply: { 201: HolderCorrection },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'GET /api/holder/applications/:id/corrections': {
    summary: "This application's correction requests with the reviewers' replies",
    access: 'holder',
    params: ApplicationParams,
    reply: { 200: HolderCorrectionList },
    caching: 'no-store',
  },
  'GET /api/holder/applications/:id/scans': {
    summary: "Where this application's codes were scanned (checkpoint, time, result), newest first",
    access: 'holder',
    params: ApplicationParams,
    reply: { 200: HolderScanList },
    caching: 'no-store',
  },

  // Console: signing in.
  'POST /api/admin/login': {
    summary: 'Sign in (sets the session cookie); throttled per address',
    access: 'public',
    body: LoginRequest,
    reply: { 200: SessionInfo },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'POST /api/admin/logout': {
    summary: 'Sign out (clears the session cookie)',
    access: 'public',
    reply: { 204: NoBody },
    caching: 'no-store',
  },
  'GET /api/admin/session': {
    summary: "Who is signed in, with the role's permissions",
    access: 'session',
    reply: { 200: SessionInfo },
    caching: 'no-store',
  },

  // Console: checkpoints and devices.
  'GET /api/admin/checkpoints': { summary: 'All checkpoints', access: 'read', reply: { 200: CheckpointList }, caching: 'no-store' },
  'POST /api/admin/checkpoints': {
    summary: 'Create a checkpoint',
    access: 'operate',
    body: CheckpointCreate,
    reply: { 201: CheckpointReply },
    caching: 'no-store',
  },
  'PATCH /api/admin/checkpoints/:id': {
    summary: "Change a checkpoint's name, site or policy",
    access: 'operate',
    params: IdParams,
    body: CheckpointPatch,
    reply: { 200: CheckpointReply },
    caching: 'no-store',
  },
  'POST /api/admin/checkpoints/:id/enrollment': {
    summary: 'A one-time enrollment code for a new device at this checkpoint',
    access: 'operate',
    params: IdParams,
    reply: { 201: EnrollmentQr },
    caching: 'no-store',
  },
  'GET /api/admin/devices': { summary: 'All enrolled devices', access: 'read', reply: { 200: DeviceList }, caching: 'no-store' },
  'PATCH /api/admin/devices/:id': {
    summary: 'Rename a device',
    access: 'operate',
    params: IdParams,
    body: DeviceRename,
    reply: { 200: DeviceReply },
    caching: 'no-store',
  },
  'POST /api/admin/devices/:id/revoke': {
    summary: "Revoke a device's credential",
    access: 'operate',
    params: IdParams,
    reply: { 200: DeviceReply },
    caching: 'no-store',
  },

  // Console: codes, status and trust.
  'POST /api/admin/codes': {
    summary: 'Issue a demo code with the demo issuer key',
    access: 'operate',
    body: DemoCodeRequest,
    reply: { 200: DemoCodeResponse },
    caching: 'no-store',
  },
  'POST /api/admin/status/preview': {
    summary: 'What a list of status changes would change, without publishing',
    access: 'operate',
    body: StatusChangeRequest,
    reply: { 200: StatusPreview },
    caching: 'no-store',
    bodyLimit: 8 * 1024 * 1024,
  },
  'POST /api/admin/status': {
    summary: 'Publish a list of status changes as one signed delta',
    access: 'operate',
    body: StatusChangeRequest,
    reply: { 200: StatusChangeResponse },
    caching: 'no-store',
    bodyLimit: 8 * 1024 * 1024,
  },
  'POST /api/admin/status/batches/:id/undo': {
    summary: 'Undo a published batch of status changes',
    access: 'operate',
    params: IdParams,
    reply: { 200: StatusChangeResponse },
    caching: 'no-store',
  },
  'GET /api/admin/status/batches': {
    summary: 'The recent batches of status changes',
    access: 'read',
    reply: { 200: StatusBatchList },
    caching: 'no-store',
  },
  'GET /api/admin/status/:cid': {
    summary: 'The latest published status change of a code',
    access: 'read',
    params: CidParams,
    reply: { 200: CodeStatus },
    caching: 'no-store',
  },
  'GET /api/admin/trust': {
    summary: 'The published trust bundle and its keys',
    access: 'read',
    reply: { 200: AdminTrust },
    caching: 'no-store',
  },
  'POST /api/admin/trust': {
    summary: 'Import a newer signed trust bundle (the body is the bundle, or a JSON string of it)',
    access: 'administer',
    body: AnyJson,
    reply: { 200: TrustImportResponse },
    caching: 'no-store',
    bodyLimit: 1024 * 1024,
  },

  // Console: entries and statistics.
  'GET /api/admin/entries': {
    summary: 'Entries matching a filter, one page',
    access: 'read',
    query: RawQuery,
    reply: { 200: EntriesPageSchema },
    caching: 'no-store',
  },
  'GET /api/admin/entries.csv': {
    summary: 'Every entry matching a filter, as CSV',
    access: 'read',
    query: RawQuery,
    reply: { 200: Csv },
    produces: 'text/csv',
    caching: 'no-store',
  },
  'GET /api/admin/stats': {
    summary: 'Counts per hour, decision and reason (ETag: 304 while nothing changed)',
    access: 'read',
    query: RawQuery,
    reply: { 200: StatsSchema },
    caching: 'no-store',
  },

  // Console: accounts and the audit log.
  'GET /api/admin/accounts': { summary: 'All console accounts', access: 'administer', reply: { 200: AccountList }, caching: 'no-store' },
  'POST /api/admin/accounts': {
    summary: 'Add an account (the reply carries a generated password once)',
    access: 'administer',
    body: AccountCreate,
    reply: { 201: AccountCreated },
    caching: 'no-store',
  },
  'PATCH /api/admin/accounts/:id': {
    summary: "Change an account's role, or disable or enable it",
    access: 'administer',
    params: IdParams,
    body: AccountPatch,
    reply: { 200: AccountReply },
    caching: 'no-store',
  },
  'POST /api/admin/accounts/:id/password': {
    summary: "Set or generate an account's password",
    access: 'administer',
    params: IdParams,
    body: PasswordReset,
    reply: { 200: AccountCreated },
    caching: 'no-store',
  },
  'GET /api/admin/audit': {
    summary: 'The audit log, newest first, one page',
    access: 'administer',
    query: AuditQuery,
    reply: { 200: AuditPage },
    caching: 'no-store',
  },
  'GET /api/admin/audit.csv': {
    summary: 'The whole audit log as CSV',
    access: 'administer',
    reply: { 200: Csv },
    produces: 'text/csv',
    caching: 'no-store',
  },

  // Console: review of holder applications.
  'GET /api/admin/review/applications': {
    summary: 'Applications in a state (default pending, oldest first)',
    access: 'review',
    query: ApplicationListQuery,
    reply: { 200: ApplicationList },
    caching: 'no-store',
  },
  'GET /api/admin/review/applications/:id': {
    summary: 'One application with its personal data and decisions',
    access: 'review',
    params: ApplicationParams,
    reply: { 200: ReviewApplication },
    caching: 'no-store',
  },
  'POST /api/admin/review/applications/:id/approve': {
    summary: 'Approve with a colour (issues the code); 202 when the second-reviewer rule holds it as a proposal',
    access: 'review',
    params: ApplicationParams,
    body: ApproveRequest,
    reply: { 200: ReviewApplication, 202: ProposalPending },
    caching: 'no-store',
    bodyLimit: 1024,
  },
  'POST /api/admin/review/applications/:id/reject': {
    summary: 'Reject with a reason the holder sees',
    access: 'review',
    params: ApplicationParams,
    body: ReasonRequest,
    reply: { 200: ReviewApplication },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'POST /api/admin/review/applications/:id/revoke': {
    summary: 'Revoke an approved application and its codes',
    access: 'review',
    params: ApplicationParams,
    body: ReasonRequest,
    reply: { 200: ReviewApplication },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'POST /api/admin/review/applications/:id/status': {
    summary: 'Publish a new colour for every unexpired code of an application (202: held for a second reviewer)',
    access: 'review',
    params: ApplicationParams,
    body: ColourChangeRequest,
    reply: { 200: ReviewApplication, 202: ProposalPending },
    caching: 'no-store',
    bodyLimit: 1024,
  },
  'POST /api/admin/review/applications/:id/paper-code': {
    summary: 'Print a static paper code for a member with no phone',
    access: 'operate',
    params: ApplicationParams,
    reply: { 201: PaperCode },
    caching: 'no-store',
  },
  'GET /api/admin/review/persons/:id': {
    summary: 'A person: their status, its history, their applications and codes (never the ID number)',
    access: 'review',
    params: PersonParams,
    reply: { 200: PersonView },
    caching: 'no-store',
  },
  'POST /api/admin/review/persons/:id/status': {
    summary: "Set a person's status (202: held for a second reviewer as a proposal)",
    access: 'review',
    params: PersonParams,
    body: PersonStatusRequest,
    reply: { 200: PersonView, 202: ProposalPending },
    caching: 'no-store',
    bodyLimit: 2048,
  },
  'GET /api/admin/review/proposals': {
    summary: 'Status changes waiting for a second reviewer (or confirmed, or rejected)',
    access: 'review',
    query: ProposalListQuery,
    reply: { 200: ProposalList },
    caching: 'no-store',
  },
  'POST /api/admin/review/proposals/:id/confirm': {
    summary: 'A reviewer other than the proposer confirms a proposal: it takes effect as one signed delta',
    access: 'review',
    params: PersonParams,
    reply: { 200: StatusProposal },
    caching: 'no-store',
  },
  'POST /api/admin/review/proposals/:id/reject': {
    summary: 'Reject a proposal: nothing changes',
    access: 'review',
    params: PersonParams,
    reply: { 200: StatusProposal },
    caching: 'no-store',
  },
  'GET /api/admin/review/corrections': {
    summary: "Holders' correction requests, with the open count and the oldest's age",
    access: 'review',
    query: CorrectionListQuery,
    reply: { 200: CorrectionList },
    caching: 'no-store',
  },
  'POST /api/admin/review/corrections/:id/answer': {
    summary: 'Answer a correction request (a status change in it may wait for a second reviewer: 202)',
    access: 'review',
    params: PersonParams,
    body: CorrectionAnswer,
    reply: { 200: CorrectionList, 202: ProposalPending },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'GET /api/admin/review/settings': {
    summary: 'The review rules and the validity of issued codes',
    access: 'review',
    reply: { 200: ReviewSettings },
    caching: 'no-store',
  },
  'PATCH /api/admin/review/settings': {
    summary: 'Change the review rules, the second-reviewer rule or the validity of issued codes (an admin)',
    access: 'administer',
    body: ReviewSettingsUpdate,
    reply: { 200: ReviewSettings },
    caching: 'no-store',
    bodyLimit: 4096,
  },

  // Console: contact tracing (issue 14; role tracer, and admins).
  'POST /api/admin/traces': {
    summary: "Run a contact trace from a case's cid (masked names only; audited with its reason)",
    access: 'trace',
    body: TraceRequest,
    reply: { 200: TraceResult },
    caching: 'no-store',
    bodyLimit: 4096,
  },
  'GET /api/admin/traces/:id': {
    summary: 'A stored trace',
    access: 'trace',
    params: TraceParams,
    reply: { 200: TraceResult },
    caching: 'no-store',
  },
  'POST /api/admin/traces/:id/proposal': {
    summary: "Propose a status for a trace's contacts (202: waits for a reviewer; 200: a reviewer's, in effect)",
    access: 'trace',
    params: TraceParams,
    body: TraceProposalRequest,
    reply: { 200: ProposalPending, 202: ProposalPending },
    caching: 'no-store',
    bodyLimit: 4 * 1024 * 1024,
  },
});

export type Routes = typeof ROUTES;
export type RouteKey = keyof Routes & string;
