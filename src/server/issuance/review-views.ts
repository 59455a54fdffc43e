/**
 * What a reviewer sees: applications with their decisions, and each one's person with the
 * status history, the person's other applications and codes. A page of the queue is ONE
 * query (JSON aggregates per row), whatever its size, so the queue pages without a limit
 * of its own; a single application or person goes through the same query.
 */
import type { PersonStatusView, PersonView, ReviewApplication } from '../../core/api/review.ts';
import type { ApplicationState } from '../../core/api/holder.ts';
import type { Queryable } from '../db/db.ts';
import { accountNameOf } from '../admin/account-name.ts';
import { APPLICATION_COLUMNS, type ApplicationRow, type CodeRow, type DecisionRow } from './application-store.ts';
import { entryOf, STATUS_COLUMNS, type PersonRow, type StatusRow } from './person-store.ts';

const KIND_HOLDER = 2;

/** An issued code as the views' JSON aggregates carry it: no bytes. */
type CodeJson = Omit<CodeRow, 'bytes' | 'issued_ms'>;
interface PageRow extends ApplicationRow {
  decisions: DecisionRow[];
  code: CodeJson | null;
  person: PersonRow | null;
  history: StatusRow[];
  applications: { id: string; state: ApplicationState; submitted_ms: number; duplicate: boolean }[];
  codes: CodeJson[];
  reviewer_name: string | null;
}

const prefixed = (alias: string, columns: string) =>
  columns
    .split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');

/** An application's aggregates (the application `a`). */
const APPLICATION_AGGREGATES = `
  (SELECT coalesce(json_agg(json_build_object('at_ms', d.at_ms, 'action', d.action, 'colour', d.colour, 'reason', d.reason,
      'reviewer', coalesce(d.reviewer_id::text, d.reviewer), 'reviewer_name', ${accountNameOf('d.reviewer_id')})
      ORDER BY d.at_ms, d.id), '[]'::json)
     FROM application_decisions d WHERE d.application_id = a.id) AS decisions,
  (SELECT row_to_json(c) FROM (SELECT cid, application_id, kind, colour, iat, exp, masked_name, hint, revoked_ms, superseded_ms
     FROM issued_codes WHERE application_id = a.id AND kind = ${KIND_HOLDER} ORDER BY n DESC LIMIT 1) c) AS code`;

const REVIEWER_NAME = `${accountNameOf('a.reviewer_id')} AS reviewer_name`;

/** A person's aggregates (`a.person_id`; `$1` = now in Unix seconds, for unexpired codes). */
const PERSON_AGGREGATES = `
  (SELECT row_to_json(p)
     FROM (SELECT id, masked_name, reviewed, status_id, base_status_id FROM persons WHERE id = a.person_id) p) AS person,
  (SELECT coalesce(json_agg(s ORDER BY s.id), '[]'::json)
     FROM (SELECT ${STATUS_COLUMNS}, ${accountNameOf('set_by')} AS set_by_name, ${accountNameOf('confirmed_by')} AS confirmed_by_name
             FROM person_statuses WHERE person_id = a.person_id) s) AS history,
  (SELECT coalesce(json_agg(o ORDER BY o.submitted_ms), '[]'::json)
     FROM (SELECT id, state, submitted_ms, duplicate FROM holder_applications WHERE person_id = a.person_id) o) AS applications,
  (SELECT coalesce(json_agg(k ORDER BY k.n DESC), '[]'::json)
     FROM (SELECT c2.cid, c2.application_id, c2.kind, c2.colour, c2.iat, c2.exp, c2.masked_name, c2.hint, c2.revoked_ms,
                  c2.superseded_ms, c2.n
             FROM issued_codes c2 JOIN holder_applications a2 ON a2.id = c2.application_id
            WHERE a2.person_id = a.person_id AND c2.exp >= $1) k) AS codes`;

/** A status as the console sees it: core's entry of it, with its source and second reviewer. */
export function statusView(row: StatusRow): PersonStatusView {
  return {
    ...entryOf(row),
    source: row.source,
    ...(row.confirmed_by ? { confirmedBy: row.confirmed_by } : {}),
    ...(row.set_by_name ? { setByName: row.set_by_name } : {}),
    ...(row.confirmed_by_name ? { confirmedByName: row.confirmed_by_name } : {}),
  };
}

/** The status in force and the base from a person's history rows. */
function inForceOf(person: PersonRow, history: StatusRow[], nowSeconds: number): { inForce: StatusRow; base: StatusRow } | null {
  const current = history.find((h) => Number(h.id) === Number(person.status_id));
  const base = history.find((h) => Number(h.id) === Number(person.base_status_id));
  if (!current || !base) return null;
  return { inForce: current.until !== null && Number(current.until) < nowSeconds ? base : current, base };
}

function personViewOf(row: Pick<PageRow, 'person' | 'history' | 'applications' | 'codes'>, nowSeconds: number): PersonView | null {
  if (!row.person) return null;
  const statuses = inForceOf(row.person, row.history, nowSeconds);
  const fallback: PersonStatusView = { colour: 'green', source: 'none', since: 0 };
  return {
    id: row.person.id,
    maskedName: row.person.masked_name,
    status: statuses ? statusView(statuses.inForce) : fallback,
    baseStatus: statuses ? statusView(statuses.base) : fallback,
    reviewed: row.person.reviewed,
    history: row.history.map(statusView),
    applications: row.applications.map((a) => ({ id: a.id, state: a.state, submittedAt: Number(a.submitted_ms), duplicate: a.duplicate })),
    codes: row.codes.map((c) => ({
      cid: c.cid,
      applicationId: c.application_id,
      kind: c.kind === KIND_HOLDER ? 'holder' : 'paper',
      colour: c.colour,
      issuedAt: Number(c.iat),
      expiresAt: Number(c.exp),
      revoked: c.revoked_ms !== null || c.superseded_ms !== null,
    })),
  };
}

function toView(row: PageRow, nowSeconds: number): ReviewApplication {
  const person = personViewOf(row, nowSeconds);
  const view: ReviewApplication = {
    id: row.id,
    state: row.state,
    fullName: row.full_name,
    idType: row.id_type,
    idNumber: row.id_number,
    region: row.region,
    phone: row.phone,
    declaration: row.declaration,
    relation: row.relation,
    language: row.language,
    ruleOutcome: row.rule_outcome,
    submittedAt: Number(row.submitted_ms),
    updatedAt: Number(row.updated_ms),
    duplicate: row.duplicate,
    decisions: row.decisions.map((d) => ({
      at: Number(d.at_ms),
      action: d.action,
      reviewer: d.reviewer,
      ...(d.reviewer_name ? { reviewerName: d.reviewer_name } : {}),
      ...(d.colour ? { colour: d.colour } : {}),
      ...(d.reason ? { reason: d.reason } : {}),
    })),
  };
  if (row.decided_by) view.decidedBy = row.decided_by;
  if (row.decided_colour) view.decidedColour = row.decided_colour;
  if (row.reviewer_id ?? row.reviewer) view.reviewer = (row.reviewer_id ?? row.reviewer)!;
  if (row.reviewer_name) view.reviewerName = row.reviewer_name;
  if (row.reject_reason) view.rejectReason = row.reject_reason;
  if (row.decided_ms !== null) view.decidedAt = Number(row.decided_ms);
  if (row.person_id) view.personId = row.person_id;
  if (person) view.person = person;
  if (row.code) {
    const c = row.code;
    view.code = {
      cid: c.cid,
      kind: 'holder',
      colour: c.colour,
      issuedAt: Number(c.iat),
      expiresAt: Number(c.exp),
      maskedName: c.masked_name,
      hint: c.hint,
    };
    view.currentStatus =
      row.state === 'revoked' || c.revoked_ms !== null || c.superseded_ms !== null ? 'revoked' : (person?.status.colour ?? c.colour);
  }
  return view;
}

/** A cursor of the queue: `submitted_ms~id` of the last row of a page. */
const cursorOf = (row: ApplicationRow) => `${row.submitted_ms}~${row.id}`;

/**
 * One page of applications in a state (pending oldest first, the others newest first),
 * after `after`, in one query; `next` is the cursor of the page after, or null.
 */
export async function reviewPage(
  db: Queryable,
  state: ApplicationState,
  limit: number,
  after: string | null,
  nowSeconds: number,
): Promise<{ applications: ReviewApplication[]; next: string | null }> {
  const [afterMs, afterId] = after ? after.split('~') : [null, null];
  const pending = state === 'pending';
  const order = pending ? 'a.submitted_ms ASC, a.id ASC' : 'a.submitted_ms DESC, a.id DESC';
  const cursor = pending ? '(a.submitted_ms, a.id) > ($4::bigint, $5::uuid)' : '(a.submitted_ms, a.id) < ($4::bigint, $5::uuid)';
  const rows = await db.query<PageRow>(
    `SELECT ${prefixed('a', APPLICATION_COLUMNS)}, ${APPLICATION_AGGREGATES}, ${PERSON_AGGREGATES}, ${REVIEWER_NAME}
       FROM holder_applications a
      WHERE a.state = $2 AND ($4::bigint IS NULL OR ${cursor})
      ORDER BY ${order} LIMIT $3`,
    [nowSeconds, state, limit + 1, afterMs, afterId],
  );
  const page = rows.slice(0, limit);
  return { applications: page.map((r) => toView(r, nowSeconds)), next: rows.length > limit ? cursorOf(page.at(-1)!) : null };
}

/** One application as a reviewer sees it, or null. */
export async function reviewOne(db: Queryable, id: string, nowSeconds: number): Promise<ReviewApplication | null> {
  const [row] = await db.query<PageRow>(
    `SELECT ${prefixed('a', APPLICATION_COLUMNS)}, ${APPLICATION_AGGREGATES}, ${PERSON_AGGREGATES}, ${REVIEWER_NAME}
       FROM holder_applications a WHERE a.id = $2`,
    [nowSeconds, id],
  );
  return row ? toView(row, nowSeconds) : null;
}

/** One person as a reviewer sees them, or null. */
export async function personViewById(db: Queryable, personId: string, nowSeconds: number): Promise<PersonView | null> {
  const [row] = await db.query<Pick<PageRow, 'person' | 'history' | 'applications' | 'codes'>>(
    `SELECT ${PERSON_AGGREGATES} FROM (SELECT $2::uuid AS person_id) a`,
    [nowSeconds, personId],
  );
  return row ? personViewOf(row, nowSeconds) : null;
}
