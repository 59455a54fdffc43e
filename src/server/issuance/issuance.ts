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
import {
  applyReviewRules,
  b64uDecodeLength,
  checkDocumentNumber,
  checkPersonName,
  idHint,
  isGreener,
  KIND_HOLDER_BOUND,
  isSmallOrderKey,
  maskName,
  needsSecondReviewer,
  reasonOfDeclaration,
  type Colour,
  type StatusReason,
} from '../../core/index.ts';
import type { ApplicationRequest, ApplicationView, HolderStatus, IssuedCode } from '../../core/api/holder.ts';
import type { PaperCode, ReviewApplication, StatusProposal } from '../../core/api/review.ts';
import type { ServerContext } from '../context.ts';
import { qrSvg } from '../qr-svg.ts';
import { recordAudit } from '../admin/audit-log.ts';
import { ruleFloor } from '../../core/review-rules.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import { requireKeys } from '../keys/server-setup.ts';
import { randomToken, tokenHash } from '../secrets.ts';
import { applyPersonStatuses, newCodeColour, storePersonCode } from '../status/person-status.ts';
import type { PublishedDelta } from '../status/status-publisher.ts';
import {
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
import {
  getPerson,
  identityHashOf,
  identitySecret,
  insertStatus,
  isLive,
  lockPersonOfHash,
  statusOf,
  unexpiredCodesOfPerson,
  type NewStatus,
  type PersonRow,
} from './person-store.ts';
import { reviewOne } from './review-views.ts';
import { propose } from './status-proposals.ts';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The issuer key and its trust bundle entry, or a 503 saying why this server cannot issue now. */
async function readyIssuer(ctx: ServerContext) {
  const keys = requireKeys(ctx);
  const issuer: IssuerKey | null = keys.issuer;
  if (!issuer) throw new HttpError(503, 'this server holds no issuer key, so it issues no codes (start it with --issuer-key FILE)');
  const listed = await listedIssuer(ctx.db, keys.rootPublicKey, ctx.ed25519, issuer, seconds(ctx.now()));
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

/** What a code shows now: revoked (or superseded), else the person's status in force; its printed colour without a person. */
async function currentStatusOf(ctx: ServerContext, row: ApplicationRow, code: CodeRow): Promise<Colour | 'revoked'> {
  if (code.revoked_ms !== null || code.superseded_ms !== null || row.state === 'revoked') return 'revoked';
  const person = row.person_id ? await getPerson(ctx.db, row.person_id) : null;
  const status = person ? await statusOf(ctx.db, person, seconds(ctx.now())) : null;
  return status ? status.inForce.colour : code.colour;
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
  const code = row.state === 'approved' || row.state === 'revoked' ? await latestCode(ctx.db, row.id, KIND_HOLDER_BOUND) : null;
  const view: ApplicationView = { id: row.id, state: row.state, submittedAt: row.submitted_ms, updatedAt: row.updated_ms };
  if (row.decided_by) view.decidedBy = row.decided_by;
  if (row.state === 'rejected' && row.reject_reason) view.rejectReason = row.reject_reason;
  if (code) {
    view.code = issuedCode(code);
    view.currentStatus = await currentStatusOf(ctx, row, code);
  }
  if (row.state === 'approved') {
    const status = await holderStatusOf(ctx, row);
    if (status) view.status = status;
  }
  return view;
}

/** Checks what the schema cannot (text that is only spaces, invisible or reordering characters, a key that does not decode). */
function checkApplication(request: ApplicationRequest): void {
  if (request.name.trim() === '') throw new HttpError(400, 'name must not be empty', { field: 'name' });
  const name = checkPersonName(request.name);
  if (!name.ok) throw new HttpError(400, name.message, { field: 'name' });
  const number = checkDocumentNumber(request.idNumber);
  if (!number.ok) throw new HttpError(400, number.message, { field: 'idNumber' });
  if (Array.from(request.idNumber.trim()).length < 4)
    throw new HttpError(400, 'idNumber must have at least 4 characters', { field: 'idNumber' });
  const key = b64uDecodeLength(request.holderKey, 32);
  if (!key) throw new HttpError(400, 'holderKey must be base64url of a 32-byte Ed25519 public key', { field: 'holderKey' });
  // A key of small order verifies signatures anyone can make (GC1 1.1 §3): scanners refuse its codes.
  if (isSmallOrderKey(key))
    throw new HttpError(400, 'holderKey is a key of small order, which anyone could sign for; make a new key', { field: 'holderKey' });
}

/**
 * Whether a new application of `person` must go to a reviewer as a duplicate: the person has
 * a live code, a pending application, or a status in force other than green.
 */
async function isDuplicate(tx: Queryable, person: PersonRow, nowSeconds: number): Promise<boolean> {
  const status = await statusOf(tx, person, nowSeconds);
  if (status && status.inForce.colour !== 'green') return true;
  if ((await unexpiredCodesOfPerson(tx, person.id, nowSeconds)).some(isLive)) return true;
  const [pending] = await tx.query("SELECT 1 FROM holder_applications WHERE person_id = $1 AND state = 'pending' LIMIT 1", [person.id]);
  return pending !== undefined;
}

/**
 * A new application: linked to its person; a duplicate waits for a reviewer whatever the
 * rules say; otherwise the rules decide when they can and the colour they give becomes the
 * person's status, printed in the code.
 */
export async function apply(ctx: ServerContext, request: ApplicationRequest): Promise<{ credential: string; view: ApplicationView }> {
  checkApplication(request);
  // Nothing is stored unless this server could also issue the code.
  await readyIssuer(ctx);
  const { rules } = await issuanceSettings(ctx.db);
  const outcome = applyReviewRules(request.declaration, rules);
  const credential = randomToken();
  const now = ctx.now();
  const nowSeconds = seconds(now);
  const id = randomUUID();
  const hash = identityHashOf(await identitySecret(ctx.db, now), request.idType, request.idNumber);
  const maskedName = maskName(request.name);
  const code =
    outcome === 'queue'
      ? null
      : await sign(ctx, { fullName: request.name, idNumber: request.idNumber, holderKey: request.holderKey }, 'holder', outcome);
  const row = await ctx.db.transaction(async (tx) => {
    const person = await lockPersonOfHash(tx, hash, maskedName, now);
    const duplicate = await isDuplicate(tx, person, nowSeconds);
    const pending = await insertApplication(
      tx,
      { id, credentialHash: tokenHash(credential), request, ruleOutcome: outcome, personId: person.id, duplicate },
      now,
    );
    await tx.query('UPDATE persons SET masked_name = $2, updated_ms = $3 WHERE id = $1', [person.id, maskedName, now]);
    if (outcome === 'queue' || !code || duplicate) return pending;
    // Not a duplicate: no live code and a green (or no) status, so the rule's colour is the person's now.
    const status = await statusOf(tx, person, nowSeconds);
    if (!status || status.inForce.colour !== outcome || status.current !== status.inForce || status.current.until !== null) {
      const reason = reasonOfDeclaration(request.declaration);
      await insertStatus(
        tx,
        person.id,
        { colour: outcome, ...(reason ? { reason } : {}) },
        { source: 'rule', setBy: null, reviewed: false },
        now,
      );
    }
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

/** The person of an application (every application has one once start-up linked the older ones). */
async function personOfApplication(ctx: ServerContext | { db: Queryable }, row: ApplicationRow, forUpdate = false): Promise<PersonRow> {
  const person = row.person_id ? await getPerson(ctx.db, row.person_id, forUpdate) : null;
  if (!person) throw new HttpError(409, 'this application is not linked to a person yet; try again in a moment');
  return person;
}

/**
 * Signs and stores a new holder-bound (or paper) code for an approved application, printed in
 * the person's base colour, with the person's temporary status listed for it in the same
 * transaction. `inTx` adds the caller's rows; it may throw to roll everything back.
 */
async function issueForPerson(
  ctx: ServerContext,
  row: ApplicationRow,
  kind: CodeRequest['kind'],
  inTx: (tx: Queryable, code: SignedCode) => Promise<void>,
): Promise<SignedCode> {
  const person = await personOfApplication(ctx, row);
  const colour = await newCodeColour(ctx, person);
  const code = await sign(ctx, personOf(row), kind, colour.printed);
  await storePersonCode(ctx, person.id, { statusId: colour.statusId, temporary: colour.temporary, cid: code.cid }, async (tx) => {
    await insertCode(tx, row.id, code, ctx.now());
    await inTx(tx, code);
  });
  return code;
}

/**
 * Renewal: a new code for an approved application, before its current one expires. A new
 * code is signed when less than half of the current one's validity is left, when the code
 * no longer prints the person's base colour, or when it was superseded; it is printed in the
 * person's base colour and a temporary status in force is listed for it with its `until`
 * (so an `until` is never dropped and a renewal never prints a colour the person does not have).
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
  const code = await latestCode(ctx.db, id, KIND_HOLDER_BOUND);
  if (!code) throw new HttpError(409, 'this application has no code to renew');
  if (nowSeconds > code.exp) throw new HttpError(409, 'the code has expired; apply again');
  if (code.revoked_ms !== null) throw new HttpError(409, 'the code was revoked; apply again');
  const person = await personOfApplication(ctx, checked);
  const colour = await newCodeColour(ctx, person);
  const halfLeft = code.exp - nowSeconds < (code.exp - code.iat) / 2;
  if (code.superseded_ms === null && code.colour === colour.printed && !halfLeft) return holderView(ctx, checked);
  try {
    await issueForPerson(ctx, checked, 'holder', async (tx) => {
      const locked = (await getApplication(tx, id, true))!;
      const latest = await tx.query<{ cid: string }>(
        'SELECT cid FROM issued_codes WHERE application_id = $1 AND kind = $2 ORDER BY n DESC OFFSET 1 LIMIT 1',
        [id, KIND_HOLDER_BOUND],
      );
      if (locked.state !== 'approved' || latest[0]?.cid !== code.cid) throw new RenewalRaceLost();
      await tx.query('UPDATE holder_applications SET updated_ms = $2 WHERE id = $1', [id, now]);
    });
  } catch (error) {
    // Another renewal (or a revocation) got here first: keep what it did.
    if (!(error instanceof RenewalRaceLost)) throw error;
  }
  return holderView(ctx, (await getApplication(ctx.db, id))!);
}

/** Rolls a renewal back when another one (or a revocation) stored its change first. */
class RenewalRaceLost extends Error {}

/** 404 when the application does not exist, else 409 naming its state (someone decided first). */
async function notInState(ctx: ServerContext, id: string, wanted: string): Promise<never> {
  const row = await getApplication(ctx.db, id);
  if (!row) throw new HttpError(404, 'no such application');
  throw new HttpError(409, `the application is ${row.state}, not ${wanted}`);
}

export interface ApproveInput {
  colour: Colour;
  reason?: StatusReason;
  reasonText?: string;
  confirmGreener?: boolean;
}

/**
 * A reviewer approves a pending application with a colour, which becomes the person's status
 * (reason given or the declaration's). The new code prints it; every other live code of the
 * person shows it, and the person's older holder-bound codes are revoked as superseded (one
 * live holder-bound code per person), all in one signed delta. A colour greener than the
 * declaration or the person's status needs `confirmGreener`; a change to red waits for a
 * second reviewer (the proposal is returned instead).
 */
export async function approve(
  ctx: ServerContext,
  id: string,
  input: ApproveInput,
  reviewer: Reviewer,
  confirmedBy: string | null = null,
): Promise<ReviewApplication | { proposal: StatusProposal }> {
  const pending = await getApplication(ctx.db, id);
  if (!pending) throw new HttpError(404, 'no such application');
  if (pending.state !== 'pending') throw new HttpError(409, `the application is ${pending.state}, not pending`);
  await readyIssuer(ctx);
  const person = await personOfApplication(ctx, pending);
  const nowSeconds = seconds(ctx.now());
  const before = await statusOf(ctx.db, person, nowSeconds);
  const { colour } = input;
  // The declaration's floor is core's rule (the console asks the reviewer with the same one).
  const floor = ruleFloor(pending.rule_outcome, pending.declaration);
  const greener = isGreener(colour, floor) || (before !== null && isGreener(colour, before.inForce.colour));
  if (greener && !input.confirmGreener && !confirmedBy)
    throw new HttpError(409, "this colour is greener than the declaration or the person's status would give: confirm it (confirmGreener)", {
      field: 'confirmGreener',
    });
  const changesStatus = !before || before.inForce.colour !== colour || before.current.until !== null;
  const settings = await issuanceSettings(ctx.db);
  if (!confirmedBy && changesStatus && needsSecondReviewer(settings.secondReviewer, { toRed: colour === 'red', persons: 1 }))
    return {
      proposal: await propose(ctx, { kind: 'approve', applicationId: id, colour, ...reasonOf(input, pending) }, [person], reviewer),
    };
  const reason = input.reason ?? reasonOfDeclaration(pending.declaration);
  const status: NewStatus = { colour, ...(reason ? { reason } : {}), ...(input.reasonText ? { reasonText: input.reasonText } : {}) };
  const code = await sign(ctx, personOf(pending), 'holder', colour);
  const now = ctx.now();
  const others = (await unexpiredCodesOfPerson(ctx.db, person.id, nowSeconds)).filter(isLive);
  const olderHolder = others.filter((c) => c.kind === KIND_HOLDER_BOUND).map((c) => c.cid);
  const paper = others.filter((c) => c.kind !== KIND_HOLDER_BOUND);
  const record = async (tx: Queryable, delta: PublishedDelta | null) => {
    const approved = await transition(tx, id, 'pending', 'approved', { decidedBy: 'reviewer', colour, reviewer: reviewer.id }, now);
    if (!approved) throw new HttpError(409, 'the application was decided meanwhile');
    await insertCode(tx, id, code, now);
    await recordDecision(tx, id, { at_ms: now, action: 'approve', colour, reason: reason ?? null, reviewer: reviewer.id });
    if (olderHolder.length > 0) {
      await tx.query('UPDATE issued_codes SET superseded_ms = $2 WHERE cid IN (SELECT json_array_elements_text($1::text::json))', [
        JSON.stringify(olderHolder),
        now,
      ]);
      // Their applications stop renewing: the person's code is the new one.
      await tx.query(
        `UPDATE holder_applications SET state = 'revoked', updated_ms = $2
          WHERE state = 'approved' AND id <> $3
            AND id IN (SELECT application_id FROM issued_codes WHERE cid IN (SELECT json_array_elements_text($1::text::json)))`,
        [JSON.stringify(olderHolder), now, id],
      );
    }
    await recordAudit(
      tx,
      reviewer.actor,
      'application.approve',
      id,
      {
        colour,
        cid: code.cid,
        personId: person.id,
        superseded: olderHolder,
        ...(confirmedBy ? { confirmedBy } : {}),
        ...(delta ? { from: delta.from, to: delta.to } : {}),
      },
      now,
    );
  };
  if (changesStatus || olderHolder.length > 0) {
    await applyPersonStatuses(
      ctx,
      changesStatus ? [{ personId: person.id, status }] : [],
      { source: pending.duplicate ? 'duplicate' : 'review', actor: reviewer.actor, confirmedBy, reviewed: true },
      {
        entries: [
          ...olderHolder.map((cid) => ({ cid, status: 'revoked' as const })),
          ...(changesStatus ? [] : paper.map((c) => ({ cid: c.cid, status: colour }))),
        ],
        inTx: record,
      },
    );
  } else
    await ctx.db.transaction(async (tx) => {
      await tx.query('UPDATE persons SET reviewed = true WHERE id = $1', [person.id]);
      await record(tx, null);
    });
  return reviewView(ctx, (await getApplication(ctx.db, id))!);
}

function reasonOf(input: { reason?: StatusReason; reasonText?: string }, row: ApplicationRow) {
  const reason = input.reason ?? reasonOfDeclaration(row.declaration) ?? 'other';
  return { reason, ...(input.reasonText ? { reasonText: input.reasonText } : {}) };
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
 * refuse them within a sync, and renewal stops. A revoked code is never listed again.
 */
export async function revoke(ctx: ServerContext, id: string, reason: string, reviewer: Reviewer): Promise<ReviewApplication> {
  const text = reason.trim();
  if (text === '') throw new HttpError(400, 'a revocation needs a reason', { field: 'reason' });
  const before = await getApplication(ctx.db, id);
  if (!before) throw new HttpError(404, 'no such application');
  if (before.state !== 'approved') throw new HttpError(409, `the application is ${before.state}, not approved`);
  const now = ctx.now();
  const codes = (await unexpiredCodes(ctx.db, id, seconds(now))).filter((c) => c.revoked_ms === null);
  // The revocation, its decision and audit rows commit with the delta, or none of them does.
  const record = async (tx: Queryable, delta: { from: number; to: number } | null) => {
    await lockedInState(tx, id, 'approved', { list: codes, atSeconds: seconds(now) });
    await transition(tx, id, 'approved', 'revoked', {}, now);
    await tx.query('UPDATE issued_codes SET revoked_ms = $2 WHERE application_id = $1 AND revoked_ms IS NULL', [id, now]);
    if (before.person_id) await tx.query('UPDATE persons SET reviewed = true WHERE id = $1', [before.person_id]);
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
    if ((await unexpiredCodes(tx, id, codes.atSeconds)).some((c) => !known.has(c.cid) && c.revoked_ms === null))
      throw new HttpError(409, 'the application got a new code meanwhile; try again');
  }
  return row;
}

/**
 * A reviewer changes the status of a person (by person id, or through one of their
 * applications): every unexpired code of the person shows it through one signed delta.
 * A change to red waits for a second reviewer while that rule is on.
 */
export async function changePersonStatus(
  ctx: ServerContext,
  personId: string,
  status: NewStatus & { reason: StatusReason },
  reviewer: Reviewer,
  source = 'review',
  inTx?: (tx: Queryable) => Promise<void>,
): Promise<{ proposal: StatusProposal } | null> {
  const person = await getPerson(ctx.db, personId);
  if (!person) throw new HttpError(404, 'no such person');
  if (status.reason === 'other' && !status.reasonText?.trim())
    throw new HttpError(400, 'the reason "other" needs its words (reasonText)', { field: 'reasonText' });
  if (status.until !== undefined && status.until <= seconds(ctx.now()))
    throw new HttpError(400, 'until must be in the future', { field: 'until' });
  const settings = await issuanceSettings(ctx.db);
  if (needsSecondReviewer(settings.secondReviewer, { toRed: status.colour === 'red', persons: 1 }))
    return { proposal: await propose(ctx, { kind: 'person', changes: [{ personId, status }], source }, [person], reviewer) };
  await applyPersonStatuses(ctx, [{ personId, status }], { source, actor: reviewer.actor, reviewed: true }, inTx ? { inTx } : {});
  return null;
}

/** The older per-application colour change: the application's person gets the status. */
export async function changeColour(
  ctx: ServerContext,
  id: string,
  change: { colour: Colour; until?: number; reason?: StatusReason; reasonText?: string },
  reviewer: Reviewer,
): Promise<ReviewApplication | { proposal: StatusProposal }> {
  const row = await getApplication(ctx.db, id);
  if (!row) throw new HttpError(404, 'no such application');
  if (row.state !== 'approved') throw new HttpError(409, `the application is ${row.state}; only an approved one changes colour`);
  const person = await personOfApplication(ctx, row);
  const reason = change.reason ?? 'other';
  const status = {
    colour: change.colour,
    reason,
    ...(change.until !== undefined ? { until: change.until } : {}),
    ...(change.reasonText || reason === 'other' ? { reasonText: change.reasonText || 'changed by a reviewer' } : {}),
  };
  // Recorded on the application in the change's transaction: a revocation that got there first refuses it (409).
  const proposal = await changePersonStatus(ctx, person.id, status, reviewer, 'review', async (tx) => {
    await lockedInState(tx, id, 'approved');
    await recordDecision(tx, id, { at_ms: ctx.now(), action: 'status', colour: change.colour, reason: reason, reviewer: reviewer.id });
    await tx.query('UPDATE holder_applications SET updated_ms = $2 WHERE id = $1', [id, ctx.now()]);
  });
  if (proposal) return proposal;
  return reviewView(ctx, (await getApplication(ctx.db, id))!);
}

/** A printed static code for an approved application (a member with no phone), in the person's base colour. */
export async function paperCode(ctx: ServerContext, id: string, reviewer: Reviewer): Promise<PaperCode> {
  const row = await getApplication(ctx.db, id);
  if (!row) throw new HttpError(404, 'no such application');
  if (row.state !== 'approved') throw new HttpError(409, `the application is ${row.state}; only an approved one gets a paper code`);
  const now = ctx.now();
  const code = await issueForPerson(ctx, row, 'paper', async (tx, signed) => {
    // Revoked in the meantime: no paper code (and no audit row) for it.
    await lockedInState(tx, id, 'approved');
    await recordDecision(tx, id, { at_ms: now, action: 'paper_code', colour: signed.colour, reason: null, reviewer: reviewer.id });
    await recordAudit(tx, reviewer.actor, 'application.paper_code', id, { colour: signed.colour, cid: signed.cid }, now);
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

/** An application with its personal data, decisions and person, for a reviewer. */
export async function reviewView(ctx: ServerContext, row: ApplicationRow): Promise<ReviewApplication> {
  return (await reviewOne(ctx.db, row.id, seconds(ctx.now())))!;
}

/** The person's status in force as the holder of an application sees it, or null before there is one. */
export async function holderStatusOf(ctx: ServerContext, row: ApplicationRow): Promise<HolderStatus | null> {
  if (!row.person_id) return null;
  const person = await getPerson(ctx.db, row.person_id);
  const status = person ? await statusOf(ctx.db, person, seconds(ctx.now())) : null;
  if (!status) return null;
  const s = status.inForce;
  const [open] = await ctx.db.query("SELECT 1 FROM corrections WHERE application_id = $1 AND state = 'open' LIMIT 1", [row.id]);
  return {
    colour: s.colour,
    since: Number(s.set_ms),
    baseColour: status.base.colour,
    correctionOpen: open !== undefined,
    ...(s.until !== null ? { until: Number(s.until) } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.reason_text ? { reasonText: s.reason_text } : {}),
    ...(s.detail ? { detail: s.detail } : {}),
  };
}
