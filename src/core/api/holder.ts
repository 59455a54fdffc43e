/**
 * The holder API: what the holder app (src/holder) and the server's issuance routes agree
 * on. A resident (or a family agent for a member) applies with a public key made on the
 * device; a rule or a reviewer decides; the server signs a holder-bound (kind 0x02) code for
 * that key; the app adds a fresh holder proof every time it shows the code.
 *
 * The application's personal data (full name, ID number, declaration) goes to the server's
 * issuance tables only; the code carries the name masked by the issuer and the last four
 * characters of the ID number, and the scan log keeps only the code's random cid.
 */
import { Type, type Static } from 'typebox';
import { STATUS_REASONS } from '../person-status.ts';
import { APPLICATION_STATES, ID_TYPES, RELATIONS } from './holder-rules.ts';
import { B64u, SafeMultilineText, SafeText, Uuid } from './text.ts';

export * from './holder-rules.ts';

/** The short health declaration, in the words the app asks it. */
export const Declaration = Type.Object(
  {
    /** Fever, cough, loss of taste or smell, breathing difficulty in the last 14 days. */
    symptoms: Type.Boolean(),
    /** Travel outside the city in the last 14 days. */
    travel: Type.Boolean(),
    /** Close contact with a confirmed or suspected case in the last 14 days. */
    contact: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type Declaration = Static<typeof Declaration>;

/** POST /api/holder/applications body. */
export const ApplicationRequest = Type.Object(
  {
    /** b64u of the 32-byte Ed25519 public key the code will be bound to (the agent's for a family member). */
    holderKey: B64u(32),
    /** Full name as on the ID document. */
    name: SafeText(64, 1),
    idType: Type.Enum(ID_TYPES),
    idNumber: SafeText(32, 4),
    /** GB/T 2260 administrative division code of residence (6 digits). */
    region: Type.Integer({ minimum: 110000, maximum: 829999 }),
    phone: Type.Optional(SafeText(20, 0)),
    declaration: Declaration,
    /** Who the applicant is to the device's owner; 'self' unless a family agent applies. */
    relation: Type.Optional(Type.Enum(RELATIONS)),
    /** The app's language when applying (a BCP 47 tag), for messages about the application. */
    language: Type.Optional(SafeText(16, 2)),
  },
  { additionalProperties: false },
);
export type ApplicationRequest = Static<typeof ApplicationRequest>;

/** The code as issued: everything before the holder proof; the app appends `ts` and its signature. */
export const IssuedCode = Type.Object({
  /** b64u of the issued code bytes (issuer-signed, no holder proof yet). */
  bytes: Type.String({ maxLength: 2048 }),
  /** b64u of the 16-byte cid, for the holder's own reference (never the scan log's names). */
  cid: B64u(16),
  /** The colour printed in the code. */
  colour: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]),
  /** Unix seconds. */
  issuedAt: Type.Integer({ minimum: 0 }),
  expiresAt: Type.Integer({ minimum: 0 }),
  /** The name as printed in the code, masked by the issuer (张*明, J*** S****). */
  maskedName: Type.String(),
  hint: Type.String(),
});
export type IssuedCode = Static<typeof IssuedCode>;

/**
 * The person's status in force, as the holder sees it (GET …/status, and inside the view):
 * the colour, why (a reason from core's STATUS_REASONS, shown in plain words by the app),
 * since when (Unix ms) and until when (Unix seconds, when temporary; the base colour
 * returns after it). A close contact carries where and when it overlapped a case.
 */
export const HolderStatus = Type.Object({
  colour: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]),
  reason: Type.Optional(Type.Enum(STATUS_REASONS)),
  reasonText: Type.Optional(Type.String()),
  since: Type.Integer({ minimum: 0 }),
  until: Type.Optional(Type.Integer({ minimum: 0 })),
  /** The colour after `until`. */
  baseColour: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]),
  detail: Type.Optional(Type.Object({ checkpointName: Type.String(), at: Type.Integer({ minimum: 0 }) })),
  /** A correction request of the holder's that no reviewer has answered yet. */
  correctionOpen: Type.Boolean(),
});
export type HolderStatus = Static<typeof HolderStatus>;

/** GET /api/holder/applications/:id and POST …/renew reply; also the 201 of an application. */
export const ApplicationView = Type.Object({
  id: Uuid,
  state: Type.Enum(APPLICATION_STATES),
  /** Unix ms when submitted, and when the state last changed. */
  submittedAt: Type.Integer({ minimum: 0 }),
  updatedAt: Type.Integer({ minimum: 0 }),
  /** How it was decided: by a configured rule, or by a reviewer. */
  decidedBy: Type.Optional(Type.Union([Type.Literal('rule'), Type.Literal('reviewer')])),
  /** A reviewer's reason for a rejection, in their words. */
  rejectReason: Type.Optional(Type.String()),
  /** The current code, once approved. */
  code: Type.Optional(IssuedCode),
  /** What the current code shows now: the person's status in force, or revoked. */
  currentStatus: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('revoked')])),
  /** The person's status with its reason (once the application is approved). */
  status: Type.Optional(HolderStatus),
});
export type ApplicationView = Static<typeof ApplicationView>;

/** The 201 reply to an application: keep `credential` secret (Bearer for the calls above). */
export const ApplicationCreated = Type.Object({
  credential: Type.String({ minLength: 32, maxLength: 128 }),
  application: ApplicationView,
});
export type ApplicationCreated = Static<typeof ApplicationCreated>;

/** POST …/corrections body: "this is wrong", in the holder's words. */
export const CorrectionRequest = Type.Object({ text: SafeMultilineText(500, 1) }, { additionalProperties: false });
export type CorrectionRequest = Static<typeof CorrectionRequest>;

/** One correction request with the reviewer's answer (keep or change) and reply, once given. */
export const HolderCorrection = Type.Object({
  id: Uuid,
  text: Type.String(),
  createdAt: Type.Integer({ minimum: 0 }),
  state: Type.Union([Type.Literal('open'), Type.Literal('kept'), Type.Literal('changed')]),
  reply: Type.Optional(Type.String()),
  answeredAt: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type HolderCorrection = Static<typeof HolderCorrection>;
export const HolderCorrectionList = Type.Object({ corrections: Type.Array(HolderCorrection) });
export type HolderCorrectionList = Static<typeof HolderCorrectionList>;

/** One scan of the holder's own codes from the entry log (no other person's). */
export const HolderScan = Type.Object({
  cid: Type.String(),
  checkpointName: Type.String(),
  /** Unix ms on the scanner. */
  at: Type.Integer({ minimum: 0 }),
  /** The scanner's GC1 reason (ok, status_yellow, …) and the decision that stood. */
  result: Type.String(),
  decision: Type.String(),
});
export type HolderScan = Static<typeof HolderScan>;
export const HolderScanList = Type.Object({ scans: Type.Array(HolderScan) });
export type HolderScanList = Static<typeof HolderScanList>;
