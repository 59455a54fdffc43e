/** The authority's review rules and code validity (one row of issuance_settings, edited in the console). */
import {
  DEFAULT_REVIEW_RULES,
  DEFAULT_SECOND_REVIEWER,
  parseReviewRules,
  type ReviewRules,
  type SecondReviewerRule,
} from '../../core/index.ts';
import type { ReviewSettings } from '../../core/api/review.ts';
import type { Queryable } from '../db/db.ts';

interface SettingsRow {
  rules: unknown;
  second_reviewer: boolean;
  second_reviewer_bulk: number;
  validity_days: number;
  updated_ms: number;
  updated_by: string;
}

/** The settings in force (a stored rule set that no longer parses falls back to the default: every declared item queued). */
export async function issuanceSettings(db: Queryable): Promise<ReviewSettings> {
  const [row] = await db.query<SettingsRow>(
    'SELECT rules, validity_days, updated_ms, updated_by, second_reviewer, second_reviewer_bulk FROM issuance_settings WHERE id = 1',
  );
  return {
    rules: parseReviewRules(row?.rules) ?? DEFAULT_REVIEW_RULES,
    validityDays: row?.validity_days ?? 7,
    updatedAt: row?.updated_ms ?? 0,
    updatedBy: row?.updated_by ?? 'default',
    secondReviewer: {
      enabled: row?.second_reviewer ?? DEFAULT_SECOND_REVIEWER.enabled,
      bulkThreshold: row?.second_reviewer_bulk ?? DEFAULT_SECOND_REVIEWER.bulkThreshold,
    },
  };
}

/** Changes the rules (the fields given) and/or the validity; returns what is now in force. */
export async function updateIssuanceSettings(
  db: Queryable,
  change: { rules?: Partial<ReviewRules>; validityDays?: number; secondReviewer?: Partial<SecondReviewerRule> },
  by: string,
  nowMs: number,
): Promise<ReviewSettings> {
  const current = await issuanceSettings(db);
  const rules = parseReviewRules({ ...current.rules, ...change.rules });
  if (!rules) throw new RangeError('review rules must be green, yellow, red or queue');
  const secondReviewer = { ...current.secondReviewer, ...change.secondReviewer };
  await db.query(
    `UPDATE issuance_settings SET rules = $1::text::jsonb, validity_days = $2, updated_ms = $3, updated_by = $4,
       second_reviewer = $5, second_reviewer_bulk = $6 WHERE id = 1`,
    [JSON.stringify(rules), change.validityDays ?? current.validityDays, nowMs, by, secondReviewer.enabled, secondReviewer.bulkThreshold],
  );
  return { rules, validityDays: change.validityDays ?? current.validityDays, updatedAt: nowMs, updatedBy: by, secondReviewer };
}
