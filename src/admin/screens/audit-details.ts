/**
 * The audit log's details in words. Review rows (issue 10): what a reviewer approved,
 * rejected, revoked, recoloured or printed, and which review rules changed; the rows hold
 * ids, colours, cids and status-list seqs only (never the applicant's name, ID number or
 * declaration), so this shows exactly those. Other changes: status publications and undos,
 * accounts, demo codes, trust imports, enrollment codes, checkpoints and their policy.
 * Details in a shape this does not know (a newer server) return null and are shown as
 * "key: value".
 */
import { STATUS_REASONS } from '../../core/person-status.ts';
import type { I18n } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';

type T = I18n['t'];
const COLOURS = ['green', 'yellow', 'red'] as const;
const RULES = ['nothing', 'symptoms', 'travel', 'contact'] as const;
const OUTCOMES = ['green', 'yellow', 'red', 'queue'] as const;
const STATUSES = ['green', 'yellow', 'red', 'revoked'] as const;
const ROLES = ['viewer', 'reviewer', 'operator', 'admin'] as const;
const PERSON_REASONS = STATUS_REASONS;
/** A checkpoint's fields as `checkpoint.update` names them, and their labels. */
const CHECKPOINT_FIELDS = new Map<string, MessageKey>([
  ['name', 'checkpoints.name'],
  ['site', 'checkpoints.site'],
  ['policy', 'checkpoints.policy'],
]);

const isString = (v: unknown): v is string => typeof v === 'string';
const oneOf = <K extends string>(list: readonly K[], v: unknown): v is K =>
  typeof v === 'string' && (list as readonly string[]).includes(v);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every(isString) ? v : null);

function delta(t: T, d: Record<string, unknown>): string | null {
  return typeof d.from === 'number' && typeof d.to === 'number' ? t('audit.detail.delta', { from: d.from, to: d.to }) : null;
}

function codes(t: T, cids: string[]): string {
  return cids.length === 0 ? t('audit.detail.noCodes') : t('audit.detail.codes', { count: cids.length, cids: cids.join(', ') });
}

/** The details of a review row in words, or null when `action` is not one of them or the shape is unknown. */
export function reviewAuditDetails(t: T, action: string, d: Record<string, unknown>): string | null {
  const colour = oneOf(COLOURS, d.colour) ? t(`colour.${d.colour}`) : null;
  switch (action) {
    case 'application.approve':
    case 'application.paper_code':
      return colour && isString(d.cid) ? t('audit.detail.colourCode', { colour, cid: d.cid }) : null;
    case 'application.reject':
      return t('audit.detail.reasonGiven');
    case 'application.revoke': {
      const cids = strings(d.cids);
      return cids ? [codes(t, cids), delta(t, d)].filter(Boolean).join(t('audit.detail.sep')) : null;
    }
    case 'application.colour': {
      const cids = strings(d.cids);
      return colour && cids
        ? [t('audit.detail.nowColour', { colour }), codes(t, cids), delta(t, d)].filter(Boolean).join(t('audit.detail.sep'))
        : null;
    }
    case 'review.settings': {
      const changed = strings(d.changed);
      const rules = d.rules as Record<string, unknown> | null | undefined;
      if (!changed || typeof rules !== 'object' || rules === null) return null;
      if (changed.length === 0) return t('audit.detail.unchanged');
      const parts: string[] = [];
      for (const key of changed) {
        const outcome = rules[key];
        if (oneOf(RULES, key) && oneOf(OUTCOMES, outcome))
          parts.push(t('audit.detail.rule', { rule: t(`review.rule.${key}`), outcome: t(`review.outcome.${outcome}`) }));
        else if (key === 'validityDays' && typeof d.validityDays === 'number')
          parts.push(t('audit.detail.validity', { days: d.validityDays }));
        else return null;
      }
      return parts.join(t('audit.detail.sep'));
    }
    default:
      return null;
  }
}

/** A checkpoint's policy as the checkpoint screen words it, or null for a shape this does not know. */
function policyText(t: T, v: unknown): string | null {
  const p = v as Record<string, unknown> | null | undefined;
  if (typeof p !== 'object' || p === null) return null;
  if (
    !oneOf(['refer', 'refuse'] as const, p.yellow) ||
    !oneOf(['admit', 'refer'] as const, p.expiredTrust) ||
    !count(p.warnAfter) ||
    !count(p.staleAfter)
  )
    return null;
  const summary = t('checkpoints.policySummary', {
    yellow: t(`checkpoints.yellow.${p.yellow}`),
    expired: t(`checkpoints.expiredTrust.${p.expiredTrust}`),
    warn: Math.round(p.warnAfter / 360) / 10,
    stale: Math.round(p.staleAfter / 360) / 10,
  });
  if (typeof p.acceptStatic !== 'boolean') return summary;
  return [
    summary,
    t('audit.detail.paperCodes', { how: t(p.acceptStatic ? 'checkpoints.staticCodes.accept' : 'checkpoints.staticCodes.refer') }),
  ].join(t('audit.detail.sep'));
}

/** The details of any row in words (review rows first), or null when this does not know the action or the shape. */
export function auditDetails(i18n: Pick<I18n, 't' | 'dateTime'>, action: string, d: Record<string, unknown>): string | null {
  const { t } = i18n;
  const review = reviewAuditDetails(t, action, d);
  if (review !== null) return review;
  const join = (parts: (string | null)[]) => parts.filter(Boolean).join(t('audit.detail.sep'));
  switch (action) {
    case 'status.publish': {
      const by = d.byStatus as Record<string, unknown> | null | undefined;
      if (!count(d.count) || typeof by !== 'object' || by === null) return null;
      const statuses = Object.entries(by).filter((e): e is [(typeof STATUSES)[number], number] => oneOf(STATUSES, e[0]) && count(e[1]));
      if (statuses.length !== Object.keys(by).length) return null;
      return join([
        t('audit.detail.codesChanged', { count: d.count }),
        ...statuses.map(([status, n]) => t('audit.detail.byStatus', { status: t(`colour.${status}`), count: n })),
        count(d.unchanged) && d.unchanged > 0 ? t('audit.detail.alreadySo', { count: d.unchanged }) : null,
        delta(t, d),
      ]);
    }
    case 'status.undo':
      if (!count(d.count)) return null;
      return join([
        t('audit.detail.codesChanged', { count: d.count }),
        count(d.keptLaterChanges) && d.keptLaterChanges > 0 ? t('audit.detail.keptLater', { count: d.keptLaterChanges }) : null,
        delta(t, d),
      ]);
    case 'account.create':
      return oneOf(ROLES, d.role) ? t('audit.detail.role', { role: t(`role.${d.role}`) }) : null;
    case 'account.role':
      return oneOf(ROLES, d.from) && oneOf(ROLES, d.to)
        ? t('audit.detail.roleChange', { from: t(`role.${d.from}`), to: t(`role.${d.to}`) })
        : null;
    case 'account.password':
      return typeof d.generated === 'boolean' ? t(d.generated ? 'audit.detail.passwordGenerated' : 'audit.detail.passwordChosen') : null;
    case 'code.issue':
      return oneOf(STATUSES, d.colour) && count(d.validDays)
        ? t('audit.detail.demoCode', { colour: t(`colour.${d.colour}`), days: d.validDays })
        : null;
    case 'person.status':
    case 'person.status_proposed':
    case 'trace.propose': {
      if (!count(d.persons)) return null;
      const colour = oneOf(COLOURS, d.colour) ? t(`colour.${d.colour}`) : null;
      return join([
        t('audit.detail.persons', { count: d.persons }),
        colour ? t('audit.detail.nowColour', { colour }) : null,
        oneOf(PERSON_REASONS, d.reason) ? t(`personReason.${d.reason}`) : null,
        typeof d.until === 'number' ? t('audit.detail.until', { until: i18n.dateTime(d.until * 1000) }) : null,
        delta(t, d),
      ]);
    }
    case 'person.status_confirmed':
    case 'person.status_rejected':
      // Only the proposal's id: the action says it all.
      return '';
    case 'correction.answer':
      return oneOf(['keep', 'change'] as const, d.decision) ? t(`audit.detail.correction.${d.decision}`) : null;
    case 'trace.run':
      if (!count(d.contacts) || !count(d.caseEntries) || !isString(d.reason)) return null;
      return t('audit.detail.trace', { contacts: d.contacts, entries: d.caseEntries, reason: d.reason });
    case 'trust.import':
      return count(d.seq) ? t('audit.detail.trustSeq', { seq: d.seq }) : null;
    case 'checkpoint.enrollment':
      return count(d.expiresMs) ? t('audit.detail.usableUntil', { when: i18n.dateTime(d.expiresMs) }) : null;
    case 'checkpoint.create':
      return policyText(t, d.policy);
    case 'checkpoint.update': {
      const changed = strings(d.changed);
      const fieldKeys = changed?.flatMap((f) => CHECKPOINT_FIELDS.get(f) ?? []);
      if (!changed || !fieldKeys || fieldKeys.length !== changed.length) return null;
      if (changed.length === 0) return t('audit.detail.unchanged');
      const policy = d.policy === undefined || !changed.includes('policy') ? '' : policyText(t, d.policy);
      if (policy === null) return null;
      return join([t('audit.detail.changedFields', { fields: fieldKeys.map((key) => t(key)).join(', ') }), policy || null]);
    }
    case 'session.sign_in':
    case 'session.sign_out':
    case 'account.disable':
    case 'account.enable':
    case 'device.rename':
      // Nothing to say beyond the action and its target (the details hold only the account id).
      return '';
    default:
      return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A row's target in the console's language, by name: "checkpoint North Gate", "application
 * 王*明", "code <cid> (王*明)", "3 codes", "review rules". The server sends `targetName` where the
 * id resolves (a checkpoint's or device's name, a masked name); a UUID that does not resolve is
 * cut to its first 8 characters (as the devices screen shows ids), never shown whole.
 */
export function auditTarget(t: T, row: { action: string; target: string; targetName?: string; details: Record<string, unknown> }): string {
  const { action, target, targetName: name } = row;
  const shortId = UUID.test(target) ? target.slice(0, 8) : target;
  const named = (kind: MessageKey) => t(kind, { name: name ?? shortId });
  if (action === 'review.settings') return t('audit.target.settings');
  if (action.startsWith('application.')) return named('audit.target.application');
  // A change of many persons was written as "N persons" in English.
  if (action.startsWith('person.') && /^\d+ persons$/.test(target))
    return t('audit.target.persons', { count: Number.parseInt(target, 10) });
  if (action.startsWith('person.')) return named('audit.target.person');
  if (action.startsWith('checkpoint.')) return named('audit.target.checkpoint');
  if (action.startsWith('device.')) return named('audit.target.device');
  if (action === 'trust.import' && typeof row.details.seq === 'number') return t('audit.target.trust', { seq: row.details.seq });
  if (action === 'status.publish' || action === 'status.undo' || action === 'code.issue') {
    // A batch's target was written as "N codes" in English, an undo's is the batch id; the count is in the details.
    if (/^\d+ codes$/.test(target) || UUID.test(target))
      return t('audit.target.codes', { count: count(row.details.count) ? row.details.count : Number.parseInt(target, 10) });
    return name ? t('audit.target.codeOf', { cid: target, name }) : t('audit.target.code', { cid: target });
  }
  return name ?? shortId;
}
