/**
 * A person's status (issue 14): one colour per person, shown by every code ever issued to
 * them. A status has a reason from a fixed list, who set it and when, and an optional
 * `until` (Unix seconds) after which the person's base status (the latest one without
 * `until`) is their colour again. Pure: the server stores and publishes statuses, the
 * console and the holder app show them, and all of them decide "what is in force now" and
 * "does this change need a second reviewer" here.
 */
import type { Colour } from './reasons.ts';

export const STATUS_REASONS = [
  'declared_symptoms',
  'close_contact',
  'travel_risk_area',
  'test_result',
  'confirmed_case',
  'correction',
  'other',
] as const;
export type StatusReason = (typeof STATUS_REASONS)[number];

export function isStatusReason(value: unknown): value is StatusReason {
  return typeof value === 'string' && (STATUS_REASONS as readonly string[]).includes(value);
}

/** Where and when a close contact overlapped the case: what the holder is shown. */
export interface ContactDetail {
  checkpointName: string;
  /** Unix ms of the contact's own entry. */
  at: number;
}

/** One status of a person as stored and shown. */
export interface PersonStatusEntry {
  colour: Colour;
  /** Unix seconds; absent for a status that stands until changed. */
  until?: number;
  /** Absent for the colour the person was first approved with (a clear declaration). */
  reason?: StatusReason;
  /** The words of an `other` reason (and any note). */
  reasonText?: string;
  detail?: ContactDetail;
  /** Account id that set it; absent when a rule did. */
  setBy?: string;
  /** Unix ms. */
  since: number;
}

/** The status in force at `nowSeconds`: the current one until its `until`, then the base. */
export function statusInForce(current: PersonStatusEntry, base: PersonStatusEntry, nowSeconds: number): PersonStatusEntry {
  return current.until !== undefined && current.until < nowSeconds ? base : current;
}

/** True when `until` is absent or has not passed. */
export function isTemporaryInForce(status: PersonStatusEntry, nowSeconds: number): boolean {
  return status.until !== undefined && status.until >= nowSeconds;
}

const RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 };

/** True when `a` is a greener (less strict) colour than `b`. */
export function isGreener(a: Colour, b: Colour): boolean {
  return RANK[a] < RANK[b];
}

/** The authority's second-reviewer rule (an admin setting). */
export interface SecondReviewerRule {
  enabled: boolean;
  /** A change of more than this many persons at once needs a second reviewer. */
  bulkThreshold: number;
}

export const DEFAULT_SECOND_REVIEWER: SecondReviewerRule = { enabled: true, bulkThreshold: 100 };

/**
 * Whether a change takes effect only once a second reviewer (another account) confirms it:
 * any change to red, and a change of more persons than the threshold, while the rule is on.
 */
export function needsSecondReviewer(rule: SecondReviewerRule, change: { toRed: boolean; persons: number }): boolean {
  return rule.enabled && (change.toRed || change.persons > rule.bulkThreshold);
}

/** The reason a declaration gives a non-green colour, for an approval that names none. */
export function reasonOfDeclaration(declaration: { symptoms: boolean; travel: boolean; contact: boolean }): StatusReason | undefined {
  if (declaration.symptoms) return 'declared_symptoms';
  if (declaration.contact) return 'close_contact';
  if (declaration.travel) return 'travel_risk_area';
  return undefined;
}
