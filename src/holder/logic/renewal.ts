/**
 * When the app asks the server for a new code: an approved code is renewed once less than a
 * quarter of its validity (or less than a day) remains, so a phone that goes online now and
 * then still never shows an expired code; a code whose printed colour differs from the
 * published status is renewed at once, so the QR itself carries the current colour.
 */
import type { ApplicationView } from '../../core/api/holder.ts';

export const RENEW_WITHIN_SECONDS = 86_400;

export function needsRenewal(view: ApplicationView, nowSeconds: number): boolean {
  if (view.state !== 'approved' || !view.code) return false;
  const { issuedAt, expiresAt, colour } = view.code;
  if (view.currentStatus && view.currentStatus !== 'revoked' && view.currentStatus !== colour) return true;
  const remaining = expiresAt - nowSeconds;
  return remaining < Math.min(RENEW_WITHIN_SECONDS, (expiresAt - issuedAt) / 4);
}

/** The application is waiting for a decision or holds a code: keep asking the server. */
export function worthPolling(view: ApplicationView): boolean {
  return view.state === 'pending' || view.state === 'approved';
}

/**
 * How often an application waiting for review is re-read while the app is on screen: the
 * resident is often looking at it right after applying, and a reviewer decides in minutes.
 * One small GET per waiting application; the minute-by-minute check covers the rest.
 */
export const WAITING_CHECK_EVERY_MS = 10_000;

/** The application waits for a reviewer. */
export function waitingForReview(view: ApplicationView): boolean {
  return view.state === 'pending';
}
