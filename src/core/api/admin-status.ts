/**
 * Status changes (admin API): one code or many at once, each published as one signed delta
 * and recorded as a batch that names the account and can be undone by another delta.
 */
import { Type, type Static } from 'typebox';
import { STATUS_REASONS } from '../person-status.ts';
import { B64u, SafeText, Uuid } from './text.ts';

export const ListedStatus = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('revoked')]);

/** One status change; `until` in Unix seconds. */
export const StatusChange = Type.Object(
  {
    cid: B64u(16),
    status: ListedStatus,
    until: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 40 })),
  },
  { additionalProperties: false },
);
export type StatusChange = Static<typeof StatusChange>;

/** One request may change this many codes (a 10,000-entry delta is a supported case). */
export const MAX_STATUS_CHANGES = 50_000;

/** POST /api/admin/status (publish) and /api/admin/status/preview body. */
export const StatusChangeRequest = Type.Object(
  {
    changes: Type.Array(StatusChange, { minItems: 1, maxItems: MAX_STATUS_CHANGES }),
    /** Why (core's STATUS_REASONS) for the persons these cids belong to; default `other` with "bulk status change". */
    reason: Type.Optional(Type.Enum(STATUS_REASONS)),
    reasonText: Type.Optional(SafeText(200, 0)),
  },
  { additionalProperties: false },
);
export type StatusChangeRequest = Static<typeof StatusChangeRequest>;

/** The latest change published for a cid. */
export const CodeStatus = Type.Object({
  cid: Type.String(),
  status: ListedStatus,
  until: Type.Union([Type.Integer(), Type.Null()]),
  seq: Type.Integer(),
  atMs: Type.Integer(),
});
export type CodeStatus = Static<typeof CodeStatus>;

/**
 * A line that is not published, and why (issue 14): `revoked` (nobody un-revokes a code),
 * `reviewed_person` (an operator may not change a person a reviewer decided on), `expired`.
 * A cid of a person changes the person (all their codes), never the one code.
 */
export const RefusedLine = Type.Object({
  cid: Type.String(),
  why: Type.Union([Type.Literal('revoked'), Type.Literal('reviewed_person'), Type.Literal('not_reviewer')]),
  message: Type.String(),
});
export type RefusedLine = Static<typeof RefusedLine>;

/** What publishing a list would do, before anything is signed. */
export const StatusPreview = Type.Object({
  /** Changes asked for (a cid listed twice counts once: its last line wins). */
  total: Type.Integer(),
  /** Codes this server has seen (a published status, or a scan) and that would change. */
  found: Type.Integer(),
  /** Codes this server has never seen: the change is published all the same. */
  unknown: Type.Integer(),
  /** Codes whose current status (and until) already is the one asked for: left out. */
  unchanged: Type.Integer(),
  /** Unrevoked enrolled scanners that will receive the delta at their next sync. */
  scanners: Type.Integer(),
  /** Up to 20 rows, for the confirmation: current and new status of each. */
  sample: Type.Array(
    Type.Object({
      cid: Type.String(),
      current: Type.Union([ListedStatus, Type.Null()]),
      status: ListedStatus,
      until: Type.Union([Type.Integer(), Type.Null()]),
      known: Type.Boolean(),
    }),
  ),
  /** Lines that will not be published, each with why. */
  refused: Type.Array(RefusedLine),
  /** Persons the lines change (a person's status moves all of their codes). */
  persons: Type.Integer(),
  /** True when publishing waits for a second reviewer (a change to red, or of many persons). */
  needsSecondReviewer: Type.Boolean(),
});
export type StatusPreview = Static<typeof StatusPreview>;

/** POST /api/admin/status and …/batches/:id/undo reply: the signed delta and its batch. */
export const StatusChangeResponse = Type.Object({
  batchId: Type.Union([Uuid, Type.Null()]),
  /** Codes published; 0 (and no delta) when every one was already so. */
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  from: Type.Integer(),
  to: Type.Integer(),
  issuedAt: Type.Integer(),
  /** Lines not published, each with why (nothing else of the request is held back by them). */
  refused: Type.Optional(Type.Array(RefusedLine)),
  /** Set when the person part waits for a second reviewer (GET /api/admin/review/proposals). */
  proposalId: Type.Optional(Uuid),
});
export type StatusChangeResponse = Static<typeof StatusChangeResponse>;

/** One published batch, newest first in GET /api/admin/status/batches. */
export const StatusBatch = Type.Object({
  id: Uuid,
  atMs: Type.Integer(),
  accountName: Type.String(),
  count: Type.Integer(),
  fromSeq: Type.Integer(),
  toSeq: Type.Integer(),
  /** The batch this one undid, if it is an undo. */
  undoOf: Type.Union([Uuid, Type.Null()]),
  /** The batch that undid this one, if any. */
  undoneBy: Type.Union([Uuid, Type.Null()]),
});
export type StatusBatch = Static<typeof StatusBatch>;
export const StatusBatchList = Type.Object({ batches: Type.Array(StatusBatch) });

export const CidParams = Type.Object({ cid: B64u(16) });
