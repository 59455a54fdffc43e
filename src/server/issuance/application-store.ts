/**
 * The issuance tables (migration 005): holder applications with their personal data, the
 * codes issued for them, and every decision with who took it. Only the holder routes (for
 * the holder's own application, by its credential) and the review routes (with `review`)
 * read them; entries and statistics never do.
 */
import type { ApplicationRequest, ApplicationState, IdType, Relation } from '../../core/api/holder.ts';
import type { Colour, DeclarationAnswers, RuleOutcome } from '../../core/index.ts';
import type { Queryable } from '../db/db.ts';
import type { SignedCode } from './issuer.ts';

export interface ApplicationRow {
  id: string;
  credential_hash: string;
  full_name: string;
  id_type: IdType;
  id_number: string;
  region: number;
  phone: string;
  declaration: DeclarationAnswers;
  holder_key: string;
  relation: Relation;
  language: string;
  state: ApplicationState;
  rule_outcome: RuleOutcome;
  decided_by: 'rule' | 'reviewer' | null;
  decided_colour: Colour | null;
  reviewer: string | null;
  reject_reason: string | null;
  submitted_ms: number;
  updated_ms: number;
  decided_ms: number | null;
  person_id: string | null;
  duplicate: boolean;
  reviewer_id: string | null;
}

export interface CodeRow {
  cid: string;
  application_id: string;
  kind: number;
  colour: Colour;
  iat: number;
  exp: number;
  masked_name: string;
  hint: string;
  bytes: string;
  issued_ms: number;
  revoked_ms: number | null;
  superseded_ms: number | null;
}

export interface DecisionRow {
  at_ms: number;
  action: 'rule_approve' | 'approve' | 'reject' | 'revoke' | 'status' | 'paper_code';
  colour: Colour | null;
  reason: string | null;
  /** The account id (older rows: the name); 'rule' for a rule. */
  reviewer: string;
  /** That account's display name, where a query resolves it (review-views.ts). */
  reviewer_name?: string | null;
}

export const APPLICATION_COLUMNS =
  'id, credential_hash, full_name, id_type, id_number, region, phone, declaration, holder_key, relation, language, state, ' +
  'rule_outcome, decided_by, decided_colour, reviewer, reject_reason, submitted_ms, updated_ms, decided_ms, person_id, duplicate, ' +
  'reviewer_id';
const CODE_COLUMNS = 'cid, application_id, kind, colour, iat, exp, masked_name, hint, bytes, issued_ms, revoked_ms, superseded_ms';

/** Stores a new application (pending, or approved by a rule in the same transaction). */
export async function insertApplication(
  tx: Queryable,
  input: {
    id: string;
    credentialHash: string;
    request: ApplicationRequest;
    ruleOutcome: RuleOutcome;
    personId: string;
    duplicate: boolean;
  },
  nowMs: number,
): Promise<ApplicationRow> {
  const r = input.request;
  const [row] = await tx.query<ApplicationRow>(
    `INSERT INTO holder_applications (id, credential_hash, full_name, id_type, id_number, region, phone, declaration, holder_key,
                                      relation, language, state, rule_outcome, submitted_ms, updated_ms, person_id, duplicate)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, 'pending', $12, $13, $13, $14, $15)
     RETURNING ${APPLICATION_COLUMNS}`,
    [
      input.id,
      input.credentialHash,
      r.name.trim(),
      r.idType,
      r.idNumber.trim(),
      r.region,
      r.phone?.trim() ?? '',
      JSON.stringify({ symptoms: r.declaration.symptoms, travel: r.declaration.travel, contact: r.declaration.contact }),
      r.holderKey,
      r.relation ?? 'self',
      r.language ?? '',
      input.ruleOutcome,
      nowMs,
      input.personId,
      input.duplicate,
    ],
  );
  return row!;
}

/** One application, or null. `forUpdate` locks its row for the rest of the transaction. */
export async function getApplication(db: Queryable, id: string, forUpdate = false): Promise<ApplicationRow | null> {
  const [row] = await db.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM holder_applications WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row ?? null;
}

/** Applications in one state: pending ones oldest first (the queue), the others newest first. */
export async function listApplications(
  db: Queryable,
  state: ApplicationState,
  limit: number,
): Promise<{ rows: ApplicationRow[]; total: number }> {
  const order = state === 'pending' ? 'submitted_ms ASC, id' : 'updated_ms DESC, id';
  const rows = await db.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM holder_applications WHERE state = $1 ORDER BY ${order} LIMIT $2`,
    [state, limit],
  );
  const [count] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM holder_applications WHERE state = $1', [state]);
  return { rows, total: Number(count!.n) };
}

/**
 * Moves an application from `from` to `to` with the decision's fields; null when it was not
 * in state `from` (someone else decided first, or it does not exist).
 */
export async function transition(
  tx: Queryable,
  id: string,
  from: ApplicationState,
  to: ApplicationState,
  fields: { decidedBy?: 'rule' | 'reviewer'; colour?: Colour; reviewer?: string; rejectReason?: string },
  nowMs: number,
): Promise<ApplicationRow | null> {
  const [row] = await tx.query<ApplicationRow>(
    `UPDATE holder_applications
       SET state = $3, updated_ms = $4,
           decided_by = coalesce($5, decided_by), decided_colour = coalesce($6, decided_colour), reviewer = coalesce($7, reviewer),
           reject_reason = coalesce($8, reject_reason), decided_ms = CASE WHEN $5::text IS NULL THEN decided_ms ELSE $4 END,
           reviewer_id = coalesce($9::uuid, reviewer_id)
     WHERE id = $1 AND state = $2 RETURNING ${APPLICATION_COLUMNS}`,
    [
      id,
      from,
      to,
      nowMs,
      fields.decidedBy ?? null,
      fields.colour ?? null,
      fields.reviewer ?? null,
      fields.rejectReason ?? null,
      fields.reviewer && fields.reviewer !== 'rule' ? fields.reviewer : null,
    ],
  );
  return row ?? null;
}

/** Records a signed code for an application. */
export async function insertCode(tx: Queryable, applicationId: string, code: SignedCode, nowMs: number): Promise<CodeRow> {
  const [row] = await tx.query<CodeRow>(
    `INSERT INTO issued_codes (cid, application_id, kind, colour, iat, exp, masked_name, hint, bytes, issued_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${CODE_COLUMNS}`,
    [code.cid, applicationId, code.kind, code.colour, code.iat, code.exp, code.maskedName, code.hint, code.bytes, nowMs],
  );
  return row!;
}

/** The latest code of one kind (2 holder-bound, 1 paper) for an application, or null. */
export async function latestCode(db: Queryable, applicationId: string, kind: 1 | 2): Promise<CodeRow | null> {
  const [row] = await db.query<CodeRow>(
    `SELECT ${CODE_COLUMNS} FROM issued_codes WHERE application_id = $1 AND kind = $2 ORDER BY n DESC LIMIT 1`,
    [applicationId, kind],
  );
  return row ?? null;
}

/** Every code of an application that has not expired at `nowSeconds` (to revoke them). */
export async function unexpiredCodes(db: Queryable, applicationId: string, nowSeconds: number): Promise<CodeRow[]> {
  return db.query<CodeRow>(`SELECT ${CODE_COLUMNS} FROM issued_codes WHERE application_id = $1 AND exp >= $2`, [applicationId, nowSeconds]);
}

/** Records a decision with who took it. */
export async function recordDecision(tx: Queryable, applicationId: string, decision: DecisionRow): Promise<void> {
  await tx.query(
    'INSERT INTO application_decisions (application_id, at_ms, action, colour, reason, reviewer, reviewer_id) ' +
      'VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [
      applicationId,
      decision.at_ms,
      decision.action,
      decision.colour,
      decision.reason,
      decision.reviewer,
      decision.reviewer === 'rule' ? null : decision.reviewer,
    ],
  );
}

/** An application's decisions, oldest first. */
export async function decisionsOf(db: Queryable, applicationId: string): Promise<DecisionRow[]> {
  return db.query<DecisionRow>(
    'SELECT at_ms, action, colour, reason, reviewer FROM application_decisions WHERE application_id = $1 ORDER BY at_ms, id',
    [applicationId],
  );
}
