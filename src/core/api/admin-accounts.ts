/**
 * Administrator accounts, sessions and the audit log (admin API). Roles and permissions are
 * core's roles.ts; the session reply tells the console which permissions to show.
 */
import { Type, type Static } from 'typebox';
import { SafeText, Uuid } from './text.ts';

export const RoleSchema = Type.Union([
  Type.Literal('viewer'),
  Type.Literal('reviewer'),
  Type.Literal('operator'),
  Type.Literal('tracer'),
  Type.Literal('admin'),
]);
export const PermissionSchema = Type.Union([
  Type.Literal('read'),
  Type.Literal('review'),
  Type.Literal('operate'),
  Type.Literal('administer'),
  Type.Literal('trace'),
]);

/** Account names: letters, digits and . _ - (no spaces), so a name reads the same in a log and a shell. */
export const ACCOUNT_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$';
export const AccountName = Type.String({ minLength: 1, maxLength: 40, pattern: ACCOUNT_NAME_PATTERN });
/** A password as typed: any text up to 200 characters but a NUL (see server/admin/password.ts). */
export const Password = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' });
/** A password an administrator chooses: at least 12 characters. */
export const NewPassword = Type.String({ minLength: 12, maxLength: 200, pattern: '^[^\\u0000]*$' });

/** POST /api/admin/login body; `name` defaults to `admin` (the first account). */
export const LoginRequest = Type.Object(
  { name: Type.Optional(SafeText(40)), password: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** GET /api/admin/session and the login reply: who is signed in and what they may do. */
export const SessionInfo = Type.Object({
  signedIn: Type.Literal(true),
  accountId: Uuid,
  name: Type.String(),
  role: RoleSchema,
  permissions: Type.Array(PermissionSchema),
  expiresAt: Type.Integer(),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const Account = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: RoleSchema,
  createdMs: Type.Integer(),
  disabledMs: Type.Union([Type.Integer(), Type.Null()]),
});
export type Account = Static<typeof Account>;
export const AccountList = Type.Object({ accounts: Type.Array(Account) });

/** POST /api/admin/accounts body: without `password` the server makes one and returns it once. */
export const AccountCreate = Type.Object(
  { name: AccountName, role: RoleSchema, password: Type.Optional(NewPassword) },
  { additionalProperties: false },
);
export type AccountCreate = Static<typeof AccountCreate>;
/** POST /api/admin/accounts and …/:id/password reply; `password` only when the server generated it. */
export const AccountCreated = Type.Object({ account: Account, password: Type.Optional(Type.String()) });
export type AccountCreated = Static<typeof AccountCreated>;

/** PATCH /api/admin/accounts/:id reply. */
export const AccountReply = Type.Object({ account: Account });

/** PATCH /api/admin/accounts/:id body: a new role, or disable (true) / enable (false). */
export const AccountPatch = Type.Object(
  { role: Type.Optional(RoleSchema), disabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type AccountPatch = Static<typeof AccountPatch>;

/** POST /api/admin/accounts/:id/password body: omit `password` to have one generated. */
export const PasswordReset = Type.Object({ password: Type.Optional(NewPassword) }, { additionalProperties: false });

/** One audit row: who did what, when, to what, from where. Details never hold a person's name. */
export const AuditRow = Type.Object({
  id: Type.Integer(),
  atMs: Type.Integer(),
  accountId: Type.Union([Uuid, Type.Null()]),
  accountName: Type.String(),
  action: Type.String(),
  target: Type.String(),
  /** The target's name when it resolves (checkpoint, device, a person's or code's masked name), looked up when read. */
  targetName: Type.Optional(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  client: Type.String(),
});
export type AuditRow = Static<typeof AuditRow>;

/** GET /api/admin/audit?before=ID&limit=N: newest first; pass `next` as `before`. */
export const AuditQuery = Type.Object(
  {
    before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  },
  { additionalProperties: false },
);
export const AuditPage = Type.Object({ rows: Type.Array(AuditRow), next: Type.Union([Type.String(), Type.Null()]) });
export type AuditPage = Static<typeof AuditPage>;

/** Every action the audit log records. */
export const AUDIT_ACTIONS = [
  'session.sign_in',
  'session.sign_out',
  'account.create',
  'account.role',
  'account.disable',
  'account.enable',
  'account.password',
  'checkpoint.create',
  'checkpoint.update',
  'checkpoint.enrollment',
  'device.rename',
  'device.revoke',
  'status.publish',
  'status.undo',
  'trust.import',
  'code.issue',
  // Review (issue 10): target is the application id; details hold colours, cids and delta
  // seqs, never the applicant's name, ID number, declaration or a reason's free text.
  'application.approve',
  'application.reject',
  'application.revoke',
  'application.colour',
  'application.paper_code',
  'review.settings',
  // Persons (issue 14): target is the person's masked name; details hold person ids, colours,
  // reasons from the fixed list, counts and delta seqs.
  'person.status',
  'person.status_proposed',
  'person.status_confirmed',
  'person.status_rejected',
  'correction.answer',
  'trace.run',
  'trace.propose',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
