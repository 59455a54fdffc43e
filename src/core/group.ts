/**
 * Group verdicts: a family agent shows the codes of everyone with them at once (several codes
 * in one camera frame) or one after another. The gate lets the group through only as far as
 * its strictest member allows; each person is still their own entry in the log.
 */
import type { Decision } from './policy.ts';

/** Codes bound to the same holder key scanned within this long of the previous one form one group. */
export const GROUP_WINDOW_MS = 8_000;

const STRICTNESS: Record<Decision, number> = { admit: 0, refer: 1, refuse: 2 };

/** The group's decision: the strictest of its members' (refuse over refer over admit). */
export function groupDecision(decisions: readonly Decision[]): Decision {
  let strictest: Decision = 'admit';
  for (const d of decisions) if (STRICTNESS[d] > STRICTNESS[strictest]) strictest = d;
  return strictest;
}

/** What grouping needs to know of a scan: when, and the verified holder key (absent unless the signature held). */
export interface GroupableScan {
  /** Unix milliseconds. */
  at: number;
  holderKey?: string;
}

/**
 * True when `next` joins the group `previous` belongs to: both bound to the same (verified)
 * holder key, `next` within GROUP_WINDOW_MS of `previous`. Unverified scans never join a group,
 * so a forged code cannot hide inside a family's verdict.
 */
export function continuesGroup(previous: GroupableScan, next: GroupableScan): boolean {
  if (!previous.holderKey || previous.holderKey !== next.holderKey) return false;
  const gap = next.at - previous.at;
  return gap >= 0 && gap <= GROUP_WINDOW_MS;
}
