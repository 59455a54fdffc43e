/**
 * The review API ("platform data verification"): what the console's review queue and the
 * server's admin review routes agree on. Every route needs a signed-in console session
 * whose role carries `review` (reading applications, approving, rejecting, revoking, the
 * rules), except the paper code, which is an `operate` action (src/core/roles.ts).
 *
 * These replies carry a person's full name, ID number and declaration: they exist only for
 * reviewers, are sent `no-store`, and nothing here is ever joined to entries or statistics.
 */
import { Type, type Static } from 'typebox';
import { ID_TYPES, RELATIONS, APPLICATION_STATES, Declaration } from './holder.ts';
import { STATUS_REASONS } from '../person-status.ts';
import { SafeMultilineText, SafeText, Uuid } from './text.ts';

const Colour = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);
const ListedStatus = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('revoked')]);

/** core/person-status.ts STATUS_REASONS. */
export const StatusReasonSchema = Type.Enum(STATUS_REASONS);

/** One status of a person (core's PersonStatusEntry). Times: `since` Unix ms, `until` Unix seconds. */
export const PersonStatusView = Type.Object({
  colour: Colour,
  until: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Absent for the colour the person was first approved with on a clear declaration. */
  reason: Type.Optional(StatusReasonSchema),
  reasonText: Type.Optional(Type.String()),
  /** For a close contact: where and when (Unix ms) the contact's entry overlapped the case. */
  detail: Type.Optional(Type.Object({ checkpointName: Type.String(), at: Type.Integer({ minimum: 0 }) })),
  /** Account id that set it; absent when a rule did. */
  setBy: Type.Optional(Type.String()),
  /** That account's display name (absent once the account is gone). */
  setByName: Type.Optional(Type.String()),
  /** Account id of the second reviewer who confirmed it. */
  confirmedBy: Type.Optional(Type.String()),
  /** That account's display name. */
  confirmedByName: Type.Optional(Type.String()),
  /** rule | review | bulk | trace | correction | duplicate */
  source: Type.String(),
  since: Type.Integer({ minimum: 0 }),
});
export type PersonStatusView = Static<typeof PersonStatusView>;

/** A code issued to a person, on any application or device (no code bytes). */
export const PersonCode = Type.Object({
  cid: Type.String(),
  applicationId: Uuid,
  kind: Type.Union([Type.Literal('holder'), Type.Literal('paper')]),
  /** The colour printed in it. */
  colour: Colour,
  issuedAt: Type.Integer({ minimum: 0 }),
  expiresAt: Type.Integer({ minimum: 0 }),
  /** Revoked (on the status list), or superseded by a newer code of the person. */
  revoked: Type.Boolean(),
});
export type PersonCode = Static<typeof PersonCode>;

/** A person as a reviewer sees them: never the ID number (that stays on the applications). */
export const PersonView = Type.Object({
  id: Uuid,
  maskedName: Type.String(),
  /** The status in force now (the base once a temporary status's `until` passed). */
  status: PersonStatusView,
  /** What the person falls back to after a temporary status. */
  baseStatus: PersonStatusView,
  /** A reviewer has decided on this person: operators' bulk status refuses their cids. */
  reviewed: Type.Boolean(),
  /** Every status, oldest first. */
  history: Type.Array(PersonStatusView),
  applications: Type.Array(
    Type.Object({ id: Uuid, state: Type.Enum(APPLICATION_STATES), submittedAt: Type.Integer(), duplicate: Type.Boolean() }),
  ),
  /** Unexpired codes, newest first. */
  codes: Type.Array(PersonCode),
});
export type PersonView = Static<typeof PersonView>;
const RuleOutcome = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('queue')]);
const State = Type.Enum(APPLICATION_STATES);

/**
 * GET …/applications query: `state` (default pending, oldest first), `limit` 1–200 (default
 * 50), `after` the `next` cursor of the page before (the queue pages; it has no end but its own).
 */
export const ApplicationListQuery = Type.Object(
  {
    state: Type.Optional(State),
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$' })),
    after: Type.Optional(
      Type.String({ maxLength: 60, pattern: '^[0-9]{1,15}~[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }),
    ),
  },
  { additionalProperties: false },
);
export type ApplicationListQuery = Static<typeof ApplicationListQuery>;

export const ApplicationParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** The current code of an application, as the reviewer sees it (no code bytes). */
export const ReviewCode = Type.Object({
  cid: Type.String(),
  kind: Type.Union([Type.Literal('holder'), Type.Literal('paper')]),
  colour: Colour,
  issuedAt: Type.Integer({ minimum: 0 }),
  expiresAt: Type.Integer({ minimum: 0 }),
  maskedName: Type.String(),
  hint: Type.String(),
});
export type ReviewCode = Static<typeof ReviewCode>;

/** One decision, with who took it. */
export const ReviewDecision = Type.Object({
  at: Type.Integer({ minimum: 0 }),
  action: Type.Union([
    Type.Literal('rule_approve'),
    Type.Literal('approve'),
    Type.Literal('reject'),
    Type.Literal('revoke'),
    Type.Literal('status'),
    Type.Literal('paper_code'),
  ]),
  colour: Type.Optional(Colour),
  reason: Type.Optional(Type.String()),
  /** The reviewer's account id (older decisions: their name; 'rule' for a rule). */
  reviewer: Type.String(),
  /** That account's display name, when it resolves. */
  reviewerName: Type.Optional(Type.String()),
});
export type ReviewDecision = Static<typeof ReviewDecision>;

/** An application with its personal data, for a reviewer. Times are Unix ms. */
export const ReviewApplication = Type.Object({
  id: Uuid,
  state: State,
  fullName: Type.String(),
  idType: Type.Enum(ID_TYPES),
  idNumber: Type.String(),
  region: Type.Integer(),
  phone: Type.String(),
  declaration: Declaration,
  relation: Type.Enum(RELATIONS),
  language: Type.String(),
  /** What the rules said when it arrived. */
  ruleOutcome: RuleOutcome,
  decidedBy: Type.Optional(Type.Union([Type.Literal('rule'), Type.Literal('reviewer')])),
  decidedColour: Type.Optional(Colour),
  reviewer: Type.Optional(Type.String()),
  /** The reviewer account's display name, when `reviewer` is an account id that still resolves. */
  reviewerName: Type.Optional(Type.String()),
  rejectReason: Type.Optional(Type.String()),
  submittedAt: Type.Integer({ minimum: 0 }),
  updatedAt: Type.Integer({ minimum: 0 }),
  decidedAt: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The latest holder-bound code, once approved. */
  code: Type.Optional(ReviewCode),
  /** What that code shows now: the person's status in force, or revoked. */
  currentStatus: Type.Optional(ListedStatus),
  decisions: Type.Array(ReviewDecision),
  /** The person the application belongs to (same ID document type and number). */
  personId: Type.Optional(Uuid),
  /** A second application of a person with a live code, a pending application or a non-green status. */
  duplicate: Type.Boolean(),
  /** The person with their status history, other applications and codes (beside a duplicate). */
  person: Type.Optional(PersonView),
});
export type ReviewApplication = Static<typeof ReviewApplication>;

export const ApplicationList = Type.Object({
  applications: Type.Array(ReviewApplication),
  /** How many applications are in that state in all. */
  total: Type.Integer({ minimum: 0 }),
  /** The `after` of the next page, or null on the last page. */
  next: Type.Union([Type.String(), Type.Null()]),
});
export type ApplicationList = Static<typeof ApplicationList>;

/**
 * POST …/:id/approve. The colour becomes the person's status (reason: the one given, else
 * the declaration's). A colour greener than the declaration or the rules would give needs
 * `confirmGreener: true` (409 otherwise, nothing written). A red approval waits for a second
 * reviewer while that rule is on: the reply is then 202 with the StatusProposal.
 */
export const ApproveRequest = Type.Object(
  {
    colour: Colour,
    reason: Type.Optional(StatusReasonSchema),
    reasonText: Type.Optional(SafeText(200, 0)),
    confirmGreener: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ApproveRequest = Static<typeof ApproveRequest>;

/**
 * A new status for a person (POST persons/:id/status, and the older applications/:id/status
 * which applies to the application's person). `until` (Unix seconds, in the future) makes it
 * temporary; `reasonText` is required for `other`. Every unexpired code of the person shows
 * it through one signed status delta.
 */
export const PersonStatusRequest = Type.Object(
  {
    colour: Colour,
    until: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 40 })),
    reason: StatusReasonSchema,
    reasonText: Type.Optional(SafeText(200, 0)),
  },
  { additionalProperties: false },
);
export type PersonStatusRequest = Static<typeof PersonStatusRequest>;

/** The older per-application colour change: `reason` defaults to `other` ("changed by a reviewer"). */
export const ColourChangeRequest = Type.Object(
  {
    colour: Colour,
    until: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 40 })),
    reason: Type.Optional(StatusReasonSchema),
    reasonText: Type.Optional(SafeText(200, 0)),
  },
  { additionalProperties: false },
);
export type ColourChangeRequest = Static<typeof ColourChangeRequest>;

export const PersonParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** A status change waiting for (or decided by) a second reviewer. Names never appear: masked names only. */
export const StatusProposal = Type.Object({
  id: Uuid,
  /** person | bulk | trace | approve | correction */
  kind: Type.String(),
  state: Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('rejected')]),
  /** How many persons it changes, and whether any to red. */
  persons: Type.Integer({ minimum: 0 }),
  toRed: Type.Boolean(),
  colour: Colour,
  reason: StatusReasonSchema,
  /** Up to 20 of the persons, for the confirmation. */
  sample: Type.Array(Type.Object({ personId: Uuid, maskedName: Type.String(), until: Type.Optional(Type.Integer()) })),
  proposedBy: Type.String(),
  proposedByName: Type.String(),
  proposedAt: Type.Integer({ minimum: 0 }),
  decidedBy: Type.Optional(Type.String()),
  /** The deciding account's display name. */
  decidedByName: Type.Optional(Type.String()),
  decidedAt: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type StatusProposal = Static<typeof StatusProposal>;

export const ProposalList = Type.Object({ proposals: Type.Array(StatusProposal) });
export type ProposalList = Static<typeof ProposalList>;
export const ProposalListQuery = Type.Object(
  { state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('confirmed'), Type.Literal('rejected')])) },
  { additionalProperties: false },
);

/** 202 reply of a change that waits for a second reviewer. */
export const ProposalPending = Type.Object({ proposal: StatusProposal });
export type ProposalPending = Static<typeof ProposalPending>;

/** A holder's "this is wrong" request as the reviewer sees it. */
export const CorrectionView = Type.Object({
  id: Uuid,
  applicationId: Uuid,
  personId: Uuid,
  maskedName: Type.String(),
  /** The holder's words. */
  text: Type.String(),
  createdAt: Type.Integer({ minimum: 0 }),
  state: Type.Union([Type.Literal('open'), Type.Literal('kept'), Type.Literal('changed')]),
  reply: Type.Optional(Type.String()),
  answeredBy: Type.Optional(Type.String()),
  answeredAt: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The person's status in force now (what the holder contests). */
  status: PersonStatusView,
});
export type CorrectionView = Static<typeof CorrectionView>;

export const CorrectionListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered')])),
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$' })),
  },
  { additionalProperties: false },
);
export const CorrectionList = Type.Object({
  corrections: Type.Array(CorrectionView),
  /** Open corrections in all, and when the oldest open one arrived (Unix ms; null when none). */
  open: Type.Integer({ minimum: 0 }),
  oldestOpenAt: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
});
export type CorrectionList = Static<typeof CorrectionList>;

/**
 * A reviewer's answer: keep the status, or change it (the new status, reason `correction`
 * unless given); the reply is shown to the holder. A change to red waits for a second
 * reviewer (202 with the proposal; the correction is answered when it is confirmed).
 */
export const CorrectionAnswer = Type.Object(
  {
    decision: Type.Union([Type.Literal('keep'), Type.Literal('change')]),
    reply: SafeMultilineText(500, 1),
    colour: Type.Optional(Colour),
    until: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 40 })),
    reason: Type.Optional(StatusReasonSchema),
  },
  { additionalProperties: false },
);
export type CorrectionAnswer = Static<typeof CorrectionAnswer>;

/** A rejection or revocation reason in the reviewer's words (shown to the holder when rejected). */
export const ReasonRequest = Type.Object({ reason: SafeMultilineText(500, 1) }, { additionalProperties: false });
export type ReasonRequest = Static<typeof ReasonRequest>;

export const ReviewRulesSchema = Type.Object(
  { nothing: RuleOutcome, symptoms: RuleOutcome, travel: RuleOutcome, contact: RuleOutcome },
  { additionalProperties: false },
);

/** The authority's review rules and the validity of issued codes. */
export const ReviewSettings = Type.Object({
  rules: ReviewRulesSchema,
  /** Days an issued code is valid. */
  validityDays: Type.Integer({ minimum: 1, maximum: 365 }),
  updatedAt: Type.Integer({ minimum: 0 }),
  updatedBy: Type.String(),
  /** A change to red, or of more than `bulkThreshold` persons, waits for a second reviewer while enabled. */
  secondReviewer: Type.Object({ enabled: Type.Boolean(), bulkThreshold: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
});
export type ReviewSettings = Static<typeof ReviewSettings>;

/** PATCH …/settings body: the fields to change. */
export const ReviewSettingsUpdate = Type.Object(
  {
    rules: Type.Optional(
      Type.Object(
        {
          nothing: Type.Optional(RuleOutcome),
          symptoms: Type.Optional(RuleOutcome),
          travel: Type.Optional(RuleOutcome),
          contact: Type.Optional(RuleOutcome),
        },
        { additionalProperties: false },
      ),
    ),
    validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    /** Admins only (403 for a reviewer); audited. */
    secondReviewer: Type.Optional(
      Type.Object(
        { enabled: Type.Optional(Type.Boolean()), bulkThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReviewSettingsUpdate = Static<typeof ReviewSettingsUpdate>;

/** A printed paper code: a static (kind 0x01) code for a member with no phone. */
export const PaperCode = Type.Object({
  text: Type.String(),
  svg: Type.String(),
  cid: Type.String(),
  colour: Colour,
  maskedName: Type.String(),
  hint: Type.String(),
  region: Type.Integer(),
  issuedAt: Type.Integer({ minimum: 0 }),
  expiresAt: Type.Integer({ minimum: 0 }),
});
export type PaperCode = Static<typeof PaperCode>;
