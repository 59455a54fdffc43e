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
import { SafeMultilineText, Uuid } from './text.ts';

const Colour = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);
const RuleOutcome = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('queue')]);
const State = Type.Enum(APPLICATION_STATES);

/** GET …/applications query: `state` (default pending, oldest first), `limit` 1–200 (default 50). */
export const ApplicationListQuery = Type.Object(
  {
    state: Type.Optional(State),
    limit: Type.Optional(Type.String({ pattern: '^(?:[1-9]|[1-9][0-9]|1[0-9][0-9]|200)$' })),
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
  reviewer: Type.String(),
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
  rejectReason: Type.Optional(Type.String()),
  submittedAt: Type.Integer({ minimum: 0 }),
  updatedAt: Type.Integer({ minimum: 0 }),
  decidedAt: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The latest holder-bound code, once approved. */
  code: Type.Optional(ReviewCode),
  /** What the published status list makes of that code now (its printed colour when unlisted). */
  currentStatus: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('revoked')])),
  decisions: Type.Array(ReviewDecision),
});
export type ReviewApplication = Static<typeof ReviewApplication>;

export const ApplicationList = Type.Object({
  applications: Type.Array(ReviewApplication),
  /** How many applications are in that state in all. */
  total: Type.Integer({ minimum: 0 }),
});
export type ApplicationList = Static<typeof ApplicationList>;

export const ApproveRequest = Type.Object({ colour: Colour }, { additionalProperties: false });
export type ApproveRequest = Static<typeof ApproveRequest>;

/**
 * POST …/:id/status: a new colour for an approved application, published on the status list
 * for every unexpired code of it at once (older codes too, so none of them still shows the
 * old colour); renewals print it.
 */
export const ColourChangeRequest = Type.Object({ colour: Colour }, { additionalProperties: false });
export type ColourChangeRequest = Static<typeof ColourChangeRequest>;

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
