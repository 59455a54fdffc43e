/**
 * The review rows of the audit log in words (issue 10): what a reviewer approved, rejected,
 * revoked, recoloured or printed, and which review rules changed. The rows hold ids,
 * colours, cids and status-list seqs only (never the applicant's name, ID number or
 * declaration), so this shows exactly those. Rows of other actions, or details in a shape
 * this does not know (a newer server), return null and are shown as "key: value".
 */
import type { I18n } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';

type T = I18n['t'];
const COLOURS = ['green', 'yellow', 'red'] as const;
const RULES = ['nothing', 'symptoms', 'travel', 'contact'] as const;
const OUTCOMES = ['green', 'yellow', 'red', 'queue'] as const;

const isString = (v: unknown): v is string => typeof v === 'string';
const oneOf = <K extends string>(list: readonly K[], v: unknown): v is K => typeof v === 'string' && (list as readonly string[]).includes(v);
const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every(isString) ? v : null);

function delta(t: T, d: Record<string, unknown>): string | null {
  return typeof d.from === 'number' && typeof d.to === 'number' ? t('audit.detail.delta', { from: d.from, to: d.to }) : null;
}

function codes(t: T, cids: string[]): string {
  return cids.length === 0 ? t('audit.detail.noCodes') : t('audit.detail.codes', { count: cids.length, cids: cids.join(', ') });
}

/** The details of a review row in words, or null when `action` is not one of them or the shape is unknown. */
export function reviewAuditDetails(t: T, action: string, d: Record<string, unknown>): string | null {
  const colour = oneOf(COLOURS, d.colour) ? t(`colour.${d.colour}` as MessageKey) : null;
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
      return colour && cids ? [t('audit.detail.nowColour', { colour }), codes(t, cids), delta(t, d)].filter(Boolean).join(t('audit.detail.sep')) : null;
    }
    case 'review.settings': {
      const changed = strings(d.changed);
      const rules = d.rules as Record<string, unknown> | null | undefined;
      if (!changed || typeof rules !== 'object' || rules === null) return null;
      if (changed.length === 0) return t('audit.detail.unchanged');
      const parts: string[] = [];
      for (const key of changed) {
        const outcome = rules[key];
        if (oneOf(RULES, key) && oneOf(OUTCOMES, outcome)) parts.push(t('audit.detail.rule', { rule: t(`review.rule.${key}`), outcome: t(`review.outcome.${outcome}`) }));
        else if (key === 'validityDays' && typeof d.validityDays === 'number') parts.push(t('audit.detail.validity', { days: d.validityDays }));
        else return null;
      }
      return parts.join(t('audit.detail.sep'));
    }
    default:
      return null;
  }
}

/** What a review row's target is: an application (its id) or the review rules; null for other actions. */
export function reviewAuditTargetKind(action: string): 'application' | 'settings' | null {
  if (action === 'review.settings') return 'settings';
  return action.startsWith('application.') ? 'application' : null;
}
