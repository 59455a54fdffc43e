/**
 * Issuance: an application arrives, the authority's rules decide the clear cases at once and
 * queue the rest; a reviewer approves (a colour) or rejects (a reason); an approved
 * application gets a holder-bound code signed with the server's issuer key, renewed by the
 * holder before it expires; a reviewer can revoke it (through the status list) or print a
 * static paper code for a member with no phone. Every refusal is an HttpError before
 * anything is written. Every reviewer's change also writes a console audit row (the
 * reviewer's account, the application id, colours and cids; never the applicant's name,
 * ID number, declaration or the free-text reason, which may name them) in the change's own
 * transaction, so a refused or failed change leaves no audit row.
 */
import { randomUUID } from 'node:crypto';
import { applyReviewRules, b64uDecodeLength, entryApplies, idHint, maskName, type Colour } from '../../core/index.ts';
import type { ApplicationRequest, ApplicationView, IssuedCode } from '../../core/api/holder.ts';
import type { PaperCode, ReviewApplication } from '../../core/api/review.ts';
import type { ServerContext } from '../context.ts';
import { qrSvg } from '../demo/demo-codes.ts';
import { recordAudit } from '../admin/audit-log.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import { randomToken, tokenHash } from '../secrets.ts';
import {
  decisionsOf,
  getApplication,
  insertApplication,
  insertCode,
  latestCode,
  recordDecision,
  transition,
  unexpiredCodes,
  type ApplicationRow,
  type CodeRow,
} from './application-store.ts';
import { issuanceSettings } from './issuance-settings.ts';
import { listedIssuer, signCode, type CodeRequest, type IssuerKey, type SignedCode } from './issuer.ts';
import type { Reviewer } from './current-reviewer.ts';

const KIND_HOLDER = 2;
const seconds = (ms: number) => Math.floor(ms / 1000);

/** The issuer key and its trust bundle entry, or a 503 saying why this server cannot issue now. */
async function readyIssuer(ctx: ServerContext) {
  const issuer: IssuerKey | null = ctx.keys.issuer;
  if (!issuer) throw new HttpError(503, 'this server holds no issuer key, so it issues no codes (start it with --issuer-key FILE)');
  const listed = await listedIssuer(ctx.db, ctx.keys.rootPublicKey, ctx.ed25519, issuer, seconds(ctx.now()));
  if (!listed.ok) throw new HttpError(503, `codes cannot be issued now: ${listed.detail}`);
  return { issuer, listed: listed.key };
}

/**
 * Signs a code for an application's person. Called outside transactions (PGlite runs one
 * connection: a query outside an open transaction would wait for it); a code signed for a
 * decision that then loses a race is never stored, so nobody ever sees it.
 */
async function sign(
  ctx: ServerContext,
  person: { fullName: string; idNumber: string; holderKey: string },
  kind: CodeRequest['kind'],
  colour: Colour,
): Promise<SignedCode> {
  const { issuer, listed } = await readyIssuer(ctx);
  const { validityDays } = await issuanceSettings(ctx.db);
  return signCode(
    issuer,
    listed,
    {
      kind,
      ...(kind === 'holder' ? { holderKey: person.holderKey } : {}),
      colour,
      maskedName: maskName(person.fullName),
      hint: idHint(person.idNumber),
      validityDays,
    },
    seconds(ctx.now()),
  );
}

const personOf = (row: ApplicationRow) => ({ fullName: row.full_name, idNumber: row.id_number, holderKey: row.holder_key });

/** The colour the published status list gives a code now ('revoked' included), else its printed colour. */
async function currentStatusOf(ctx: ServerContext, code: CodeRow): Promise<Colour | 'revoked'> {
  const listed = await ctx.status.statusOf(code.cid);
  if (
    listed &&
    entryApplies(
      { status: listed.status as Colour | 'revoked', ...(listed.until === null ? {} : { until: listed.until }) },
      seconds(ctx.now()),
    )
  ) {
    return listed.status as Colour | 'revoked';
  }
  return code.colour;
}

function issuedCode(code: CodeRow): IssuedCode {
  return {
    bytes: code.bytes,
    cid: code.cid,
    colour: code.colour,
    issuedAt: code.iat,
    expiresAt: code.exp,
    maskedName: code.masked_name,
    hint: code.hint,
  };
}

/** What the holder sees of their application. */
export async function holderView(ctx: ServerContext, row: ApplicationRow): Promise<ApplicationView> {
  const code = row.state === 'approved' || row.state === 'revoked' ? await latestCode(ctx.db, row.id, KIND_HOLDER) : null;
  const view: ApplicationView = { id: row.id, state: row.state, submittedAt: row.submitted_ms, updatedAt: row.updated_ms };
  if (row.decided_by) view.decidedBy = row.decided_by;
  if (row.state === 'rejected' && row.reject_reason) view.rejectReason = row.reject_reason;
  if (code) {
    view.code = issuedCode(code);
    view.currentStatus = row.state === 'revoked' ? 'revoked' : await currentStatusOf(ctx, code);
  }
  return view;
}

/** Checks what the schema cannot (text that is only spaces, a key that does not decode). */
function checkApplication(request: ApplicationRequest): void {
  if (request.name.trim() === '') throw new HttpError(400, 'name must not be empty', { field: 'name' });
  if (Array.from(request.idNumber.trim()).length < 4)
    throw new HttpError(400, 'idNumber must have at least 4 characters', { field: 'idNumber' });
  if (!b64uDecodeLength(request.holderKey, 32))
    throw new HttpError(400, 'holderKey must be base64url of a 32-byte Ed25519 public key', { field: 'holderKey' });
}

/** A new application: stored, decided by the rules when they can, its code signed when approved. */
export async function apply(ctx: ServerContext, request: ApplicationRequest): Promise<{ credential: string; view: ApplicationView }> {
  checkApplication(request);
  // Nothing is stored unless this server could also issue the code.
  await readyIssuer(ctx);
  const { rules } = await issuanceSettings(ctx.db);
  const outcome = applyReviewRules(request.declaration, rules);
  const credential = randomToken();
  const now = ctx.now();
  const id = randomUUID();
  const code =
    outcome === 'queue'
      ? null
      : await sign(ctx, { fullName: request.name, idNumber: request.idNumber, holderKey: request.holderKey }, 'holder', outcome);
  const row = await ctx.db.transaction(async (tx) => {
    const pending = await insertApplication(tx, { id, credentialHash: tokenHash(credential), request, ruleOutcome: outcome }, now);
    if (outcome === 'queue' || !code) return pending;
    const approved = await transition(tx, id, 'pending', 'approved', { decidedBy: 'rule', colour: outcome, reviewer: 'rule' }, now);
    await insertCode(tx, id, code, now);
    await recordDecision(tx, id, { at_ms: now, action: 'rule_approve', colour: outcome, reason: null, reviewer: 'rule' });
    return approved!;
  });
  return { credential, view: await holderView(ctx, row) };
}

/** The application behind an id and its credential; 401 for an unknown id or a wrong credential alike. */
export async function applicationFor(ctx: ServerContext, id: string, credential: string | null): Promise<ApplicationRow> {
  const row = credential ? await getApplication(ctx.db, id) : null;
  if (!row || row.credential_hash !== tokenHash(credential!))
    throw new HttpError(
      401,
      credential ? 'unknown application or wrong credential' : 'the application credential (Authorization: Bearer) is required',
    );
  return row;
}

/**
 * Renewal: a new code for an approved application, before its current one expires. A new
 * code is signed when less than half of the current one's validity is left, or when the
 * status list changed its colour (the new code prints the current colour); otherwise the
 * current code is returned as it is, so a holder app may ask as often as it likes.
 */
export async function renew(ctx: ServerContext, id: string, credential: string | null): Promise<ApplicationView> {
  const checked = await applicationFor(ctx, id, credential);
  if (checked.state !== 'approved')
    throw new HttpError(
      409,
      checked.state === 'revoked'
        ? 'this application was revoked; apply again'
        : `the application is ${checked.state}; only an approved one is renewed`,
    );
  const now = ctx.now();
  const nowSeconds = seconds(now);
  const code = await latestCode(ctx.db, id, KIND_HOLDER);
  if (!code) throw new HttpError(409, 'this application has no code to renew');
  if (nowSeconds > code.exp) throw new HttpError(409, 'the code has expired; apply again');
  const status = await currentStatusOf(ctx, code);
  if (status === 'revoked') throw new HttpError(409, 'the code was revoked; apply again');
  const halfLeft = code.exp - nowSeconds < (code.exp - code.iat) / 2;
  if (status === code.colour && !halfLeft) return holderView(ctx, checked);
  const renewed = await sign(ctx, personOf(checked), 'holder', status);
  const row = await ctx.db.transaction(async (tx) => {
    const locked = (await getApplication(tx, id, true))!;
    // Another renewal (or a revocation) got here first: keep what it did.
    if (locked.state !== 'approved' || (await latestCode(tx, id, KIND_HOLDER))?.cid !== code.cid) return locked;
    await insertCode(tx, id, renewed, now);
    const [touched] = await tx.query<{ updated_ms: number }>(
      'UPDATE holder_applications SET updated_ms = $2 WHERE id = $1 RETURNING updated_ms',
      [id, now],
    );
    return { ...locked, updated_ms: touched!.updated_ms };
  });
  return holderView(ctx, row);
}

/** 404 when the application does not exist, else 409 naming its state (someone decided first). */
async function notInState(ctx: ServerContext, id: string, wanted: string): Promise<never> {
  const row = await getApplication(ctx.db, id);
  if (!row) throw new HttpError(404, 'no such application');
  throw new HttpError(409, `the application is ${row.state}, not ${wanted}`);
}

/** A reviewer approves a pending application with a colour; the code is signed at once. */
export async function approve(ctx: ServerContext, id: string, colour: Colour, reviewer: Reviewer): Promise<ReviewApplication> {
  const pending = await getApplication(ctx.db, id);
  if (!pending) throw new HttpError(404, 'no such application');
  if (pending.state !== 'pending') throw new HttpError(409, `the application is ${pending.state}, not pending`);
  const code = await sign(ctx, personOf(pending), 'holder', colour);
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const approved = await transition(tx, id, 'pending', 'approved', { decidedBy: 'reviewer', colour, reviewer: reviewer.id }, now);
    if (!approved) return null;
    await insertCode(tx, id, code, now);
    await recordDecision(tx, id, { at_ms: now, action: 'approve', colour, reason: null, reviewer: reviewer.id });
    await recordAudit(tx, reviewer.actor, 'application.approve', id, { colour, cid: code.cid }, now);
    return approved;
  });
  if (!row) return notInState(ctx, id, 'pending');
  return reviewView(ctx, row);
}

/** A reviewer rejects a pending application with a reason (the holder sees it). */
export async function reject(ctx: ServerContext, id: string, reason: string, reviewer: Reviewer): Promise<ReviewApplication> {
  const text = reason.trim();
  if (text === '') throw new HttpError(400, 'a rejection needs a reason', { field: 'reason' });
  const now = ctx.now();
  const row = await ctx.db.transaction(async (tx) => {
    const rejected = await transition(
      tx,
      id,
      'pending',
      'rejected',
      { decidedBy: 'reviewer', reviewer: reviewer.id, rejectReason: text },
      now,
    );
    if (rejected) {
      await recordDecision(tx, id, { at_ms: now, action: 'reject', colour: null, reason: text, reviewer: reviewer.id });
      // The reason stays with the application (reviewers only): free text may name the person.
      await recordAudit(tx, reviewer.actor, 'application.reject', id, { reasonGiven: true }, now);
    }
    return rejected;
  });
  if (!row) return notInState(ctx, id, 'pending');
  return reviewView(ctx, row);
}

/**
 * A reviewer revokes an approved application (a lost phone, a wrong declaration): every
 * code of it that has not expired is revoked through one signed status delta, so scanners
 * refuse them within a sync, and renewal stops.
 */
export async function revoke(ctx: ServerContext, id: string, reason: string, reviewer: Reviewer): Promise<ReviewApplication> {
  const text = reason.trim();
  if (text === '') throw new HttpError(400, 'a revocation needs a reason', { field: 'reason' });
  const before = await getApplication(ctx.db, id);
  if (!before) throw new HttpError(404, 'no such application');
  if (before.state !== 'approved') throw new HttpError(409, `the application is ${before.state}, not approved`);
  const now = ctx.now();
  const codes = await unexpiredCodes(ctx.db, id, seconds(now));
  // The revocation, its decision and audit rows commit with the delta, or none of them does.
  const record = async (tx: Queryable, delta: { from: number; to: number } | null) => {
    await lockedInState(tx, id, 'approved', { list: codes, atSeconds: seconds(now) });
    await transition(tx, id, 'approved', 'revoked', {}, now);
    await recordDecision(tx, id, { at_ms: now, action: 'revoke', colour: null, reason: text, reviewer: reviewer.id });
    await recordAudit(
      tx,
      reviewer.actor,
      'application.revoke',
      id,
      { cids: codes.map((c) => c.cid), ...(delta ? { from: delta.from, to: delta.to } : {}) },
      now,
    );
  };
  if (codes.length > 0)
    await ctx.status.publish(
      codes.map((c) => ({ cid: c.cid, status: 'revoked' as const })),
      record,
    );
  else await ctx.db.transaction((tx) => record(tx, null));
  return reviewView(ctx, (await getApplication(ctx.db, id))!);
}

/**
 * Inside a change's transaction: locks the application and refuses (409, rolling the change
 * back) when it is no longer in `state`, or, given the codes the change was computed from,
 * when it has an unexpired code since (a renewal in between would escape the delta).
 */
async function lockedInState(
  tx: Queryable,
  id: string,
  state: ApplicationRow['state'],
  codes?: { list: readonly CodeRow[]; atSeconds: number },
): Promise<ApplicationRow> {
  const row = await getApplication(tx, id, true);
  if (!row) throw new HttpError(404, 'no such application');
  if (row.state !== state) throw new HttpError(409, `the application is ${row.state}, not ${state}`);
  if (codes) {
    const known = new Set(codes.list.map((c) => c.cid));
    if ((await unexpiredCodes(tx, id, codes.atSeconds)).some((c) => !known.has(c.cid)))
      throw new HttpError(409, 'the application got a new code meanwhile; try again');
  }
  return row;
}

/**
 * A reviewer changes an approved application's colour: every unexpired code of it (the
 * holder's older ones and paper codes too) gets the colour on the status list in one signed
 * delta, so no earlier code still shows the old one; the holder sees it and renewals print it.
 */
export async function changeColour(ctx: ServerContext, id: string, colour: Colour, reviewer: Reviewer): Promise<ReviewApplication> {
  const row = await getApplication(ctx.db, id);
  if (!row) throw new HttpError(404, 'no such application');
  if (row.state !== 'approved') throw new HttpError(409, `the application is ${row.state}; only an approved one changes colour`);
  const now = ctx.now();
  const codes = await unexpiredCodes(ctx.db, id, seconds(now));
  if (codes.length === 0) throw new HttpError(409, 'this application has no unexpired code');
  // The delta, the decision and the audit row commit together; a revocation that got here
  // first refuses it (409), so a colour never un-revokes a code.
  await ctx.status.publish(
    codes.map((c) => ({ cid: c.cid, status: colour })),
    async (tx, delta) => {
      await lockedInState(tx, id, 'approved', { list: codes, atSeconds: seconds(now) });
      await recordDecision(tx, id, { at_ms: now, action: 'status', colour, reason: null, reviewer: reviewer.id });
      await tx.query('UPDATE holder_applications SET updated_ms = $2 WHERE id = $1', [id, now]);
      await recordAudit(
        tx,
        reviewer.actor,
        'application.colour',
        id,
        { colour, cids: codes.map((c) => c.cid), from: delta.from, to: delta.to },
        now,
      );
    },
  );
  return reviewView(ctx, (await getApplication(ctx.db, id))!);
}

/** A printed static code for an approved application (a member with no phone), in its current colour. */
export async function paperCode(ctx: ServerContext, id: string, reviewer: Reviewer): Promise<PaperCode> {
  const row = await getApplication(ctx.db, id);
  if (!row) throw new HttpError(404, 'no such application');
  if (row.state !== 'approved') throw new HttpError(409, `the application is ${row.state}; only an approved one gets a paper code`);
  const holderCode = await latestCode(ctx.db, id, KIND_HOLDER);
  const status = holderCode ? await currentStatusOf(ctx, holderCode) : (row.decided_colour ?? 'green');
  if (status === 'revoked') throw new HttpError(409, 'the code of this application was revoked');
  const now = ctx.now();
  const code = await sign(ctx, personOf(row), 'paper', status);
  await ctx.db.transaction(async (tx) => {
    // Revoked in the meantime: no paper code (and no audit row) for it.
    await lockedInState(tx, id, 'approved');
    await insertCode(tx, id, code, now);
    await recordDecision(tx, id, { at_ms: now, action: 'paper_code', colour: status, reason: null, reviewer: reviewer.id });
    await recordAudit(tx, reviewer.actor, 'application.paper_code', id, { colour: status, cid: code.cid }, now);
  });
  return {
    text: code.text,
    svg: await qrSvg(code.text),
    cid: code.cid,
    colour: code.colour,
    maskedName: code.maskedName,
    hint: code.hint,
    region: code.region,
    issuedAt: code.iat,
    expiresAt: code.exp,
  };
}

/** An application with its personal data and decisions, for a reviewer. */
export async function reviewView(ctx: ServerContext, row: ApplicationRow): Promise<ReviewApplication> {
  const code = await latestCode(ctx.db, row.id, KIND_HOLDER);
  const decisions = await decisionsOf(ctx.db, row.id);
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
    submittedAt: row.submitted_ms,
    updatedAt: row.updated_ms,
    duplicate: false,
    decisions: decisions.map((d) => ({
      at: d.at_ms,
      action: d.action,
      reviewer: d.reviewer,
      ...(d.colour ? { colour: d.colour } : {}),
      ...(d.reason ? { reason: d.reason } : {}),
    })),
  };
  if (row.decided_by) view.decidedBy = row.decided_by;
  if (row.decided_colour) view.decidedColour = row.decided_colour;
  if (row.reviewer) view.reviewer = row.reviewer;
  if (row.reject_reason) view.rejectReason = row.reject_reason;
  if (row.decided_ms !== null) view.decidedAt = row.decided_ms;
  if (code) {
    view.code = {
      cid: code.cid,
      kind: 'holder',
      colour: code.colour,
      issuedAt: code.iat,
      expiresAt: code.exp,
      maskedName: code.masked_name,
      hint: code.hint,
    };
    view.currentStatus = row.state === 'revoked' ? 'revoked' : await currentStatusOf(ctx, code);
  }
  return view;
}
