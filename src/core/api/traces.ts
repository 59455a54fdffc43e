/**
 * The contact-tracing API (issue 14): role `tracer` (admins too). A trace takes all entries
 * of a person's cids in the last `days`, then every other cid admitted or scanned at the same
 * checkpoint within ±`windowMinutes` of each, grouped by person, with masked names only.
 * The names below are fixed (a check outside the repository calls them).
 */
import { Type, type Static } from 'typebox';
import { STATUS_REASONS } from '../person-status.ts';
import { B64u, SafeText, Uuid } from './text.ts';

/** POST /api/admin/traces body. */
export const TraceRequest = Type.Object(
  {
    /** Any cid of the case person (all the person's cids are traced). */
    cid: B64u(16),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    windowMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
    /** Why this trace is run (required; audited). */
    reason: SafeText(500, 1),
  },
  { additionalProperties: false },
);
export type TraceRequest = Static<typeof TraceRequest>;

export const TraceOverlap = Type.Object({
  checkpointId: Uuid,
  checkpointName: Type.String(),
  /** Unix ms of the contact's entry, and of the case's entry it overlapped. */
  at: Type.Integer(),
  caseAt: Type.Integer(),
});
export type TraceOverlap = Static<typeof TraceOverlap>;

export const TraceContact = Type.Object({
  personId: Uuid,
  maskedName: Type.String(),
  cids: Type.Array(Type.String()),
  overlaps: Type.Array(TraceOverlap),
});
export type TraceContact = Static<typeof TraceContact>;

/** The reply of POST /api/admin/traces (and GET …/:id). */
export const TraceResult = Type.Object({
  traceId: Uuid,
  contacts: Type.Array(TraceContact),
  /** The case's own entries the trace started from. */
  caseEntries: Type.Integer({ minimum: 0 }),
  days: Type.Integer(),
  windowMinutes: Type.Integer(),
  at: Type.Integer(),
});
export type TraceResult = Static<typeof TraceResult>;

export const TraceParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/**
 * POST …/:id/proposal: a status for all contacts (or those in `personIds`): by default
 * yellow, reason close_contact, until 14 days after each person's last overlap. It takes
 * effect through the second-reviewer rule as one signed delta: a tracer's proposal always
 * waits for a reviewer (202), a reviewer's takes effect at once unless the rule holds it.
 */
export const TraceProposalRequest = Type.Object(
  {
    personIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 100_000 })),
    colour: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')])),
    reason: Type.Optional(Type.Enum(STATUS_REASONS)),
    /** Days after each person's last overlap (default 14). */
    untilDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  },
  { additionalProperties: false },
);
export type TraceProposalRequest = Static<typeof TraceProposalRequest>;

/** The reply of …/proposal: the proposal, `confirmed` when it took effect at once, `pending` when it waits. */
export { ProposalPending as TraceProposalResult } from './review.ts';
