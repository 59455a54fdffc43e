/** Checkpoints, their policy and one-time enrollment codes (admin API). */
import { Type, type Static } from 'typebox';
import { SafeText, Uuid } from './text.ts';

/** What each verification result means at a gate (core's CheckpointPolicy); thresholds in seconds. */
export const Policy = Type.Object(
  {
    yellow: Type.Union([Type.Literal('refuse'), Type.Literal('refer')]),
    expiredTrust: Type.Union([Type.Literal('admit'), Type.Literal('refer')]),
    warnAfter: Type.Number({ exclusiveMinimum: 0, maximum: 366 * 86400 }),
    staleAfter: Type.Number({ exclusiveMinimum: 0, maximum: 366 * 86400 }),
    /** Whether static (paper, kind 0x01) codes may admit here; otherwise they are referred. */
    acceptStatic: Type.Boolean(),
    /** What codes of recognised authorities mean here (core's RecognisedPolicy); absent: as-home. */
    recognised: Type.Optional(Type.Union([Type.Literal('as-home'), Type.Literal('refuse-yellow'), Type.Literal('refer')])),
  },
  { additionalProperties: false },
);

/** A checkpoint as the administrator sees it. Its name is unique within its site. */
export const AdminCheckpoint = Type.Object({
  id: Uuid,
  name: Type.String(),
  site: Type.String(),
  policy: Policy,
  createdMs: Type.Integer(),
});
export type AdminCheckpoint = Static<typeof AdminCheckpoint>;

export const CHECKPOINT_NAME_MAX = 100;
export const CHECKPOINT_SITE_MAX = 200;

/** POST /api/admin/checkpoints body. */
export const CheckpointCreate = Type.Object(
  {
    name: SafeText(CHECKPOINT_NAME_MAX, 1),
    site: Type.Optional(SafeText(CHECKPOINT_SITE_MAX)),
    policy: Type.Optional(Type.Partial(Policy)),
  },
  { additionalProperties: false },
);
export type CheckpointCreate = Static<typeof CheckpointCreate>;

/** PATCH /api/admin/checkpoints/:id body: only the fields given change (a partial policy too). */
export const CheckpointPatch = Type.Partial(CheckpointCreate, { additionalProperties: false });
export type CheckpointPatch = Static<typeof CheckpointPatch>;

export const CheckpointReply = Type.Object({ checkpoint: AdminCheckpoint });
export const CheckpointList = Type.Object({ checkpoints: Type.Array(AdminCheckpoint) });

/** POST /api/admin/checkpoints/:id/enrollment: a one-time enrollment QR (SVG) and its text. */
export const EnrollmentQr = Type.Object({
  checkpointId: Uuid,
  token: Type.String(),
  text: Type.String(),
  svg: Type.String(),
  /** Unix ms after which the token no longer enrolls. */
  expiresAt: Type.Integer(),
});
export type EnrollmentQr = Static<typeof EnrollmentQr>;

export const IdParams = Type.Object({ id: Uuid });
