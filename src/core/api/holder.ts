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
import { APPLICATION_STATES, ID_TYPES, RELATIONS } from './holder-rules.ts';
import { B64u, SafeText, Uuid } from './text.ts';

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
  /** The colour (or revoked) the published status list gives the current code now. */
  currentStatus: Type.Optional(Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red'), Type.Literal('revoked')])),
});
export type ApplicationView = Static<typeof ApplicationView>;

/** The 201 reply to an application: keep `credential` secret (Bearer for the calls above). */
export const ApplicationCreated = Type.Object({
  credential: Type.String({ minLength: 32, maxLength: 128 }),
  application: ApplicationView,
});
export type ApplicationCreated = Static<typeof ApplicationCreated>;
