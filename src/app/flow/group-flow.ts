/**
 * Grouping at the gate, without any clock, DOM or storage: which scans form one group verdict
 * (the codes read in one frame; codes bound to the same verified holder key arriving one after
 * another within core's GROUP_WINDOW_MS), and what the group's screen shows (core's
 * groupDecision: the strictest member's). Each member keeps its own outcome, so it is its own
 * entry in the log exactly as a single scan would be.
 */
import { GROUP_WINDOW_MS, continuesGroup, groupDecision } from '../../core/group.ts';
import { effectiveDecision } from '../../core/decision.ts';
import { verdictFamily, type VerdictFamily } from '../../core/verdict-family.ts';
import type { Decision } from '../../core/index.ts';
import type { ScanOutcome } from './scan-outcome.ts';

/** One person in a group: the exact text scanned and what it got. */
export interface GroupMember {
  text: string;
  outcome: ScanOutcome;
}

/** The members of the group on screen and when one of them was last in front of the camera (ms). */
export interface OpenGroup {
  members: GroupMember[];
  seenAt: number;
}

/** The holder key a scan may group by: only once the issuer's signature verified (core sets it then). */
export function holderKeyOf(outcome: ScanOutcome): string | undefined {
  return outcome.checked.verdict.holder?.holderKey;
}

/** The decision that stands for one member (a guard's override wins). */
export function standingOf(outcome: ScanOutcome): Decision {
  return effectiveDecision({ decision: outcome.checked.decision, override: outcome.override ?? null });
}

/**
 * True when the frame's scans belong to the open group: a text already in it (the same
 * codes still held up, or more of them read now), or a code bound to one of its members'
 * verified holder keys within the window since the group was last seen. Anything else, a
 * forged code or another family's, starts a group of its own.
 */
export function joinsGroup(group: OpenGroup | null, frame: readonly GroupMember[], now: number): boolean {
  if (!group || group.members.length === 0) return false;
  if (frame.some((scan) => group.members.some((member) => sameMember(member, scan)))) return now - group.seenAt <= GROUP_WINDOW_MS;
  const keys = new Set(group.members.map((member) => holderKeyOf(member.outcome)).filter((key): key is string => key !== undefined));
  return frame.some((scan) => {
    const key = holderKeyOf(scan.outcome);
    return key !== undefined && keys.has(key) && continuesGroup({ at: group.seenAt, holderKey: key }, { at: now, holderKey: key });
  });
}

/**
 * True when two scans are the same person: the same text, or the same code id once the
 * issuer's signature verified on both (a holder-bound code is re-signed every few seconds, so
 * the text a phone shows changes while the person stays). An unverified cid is never trusted.
 */
export function sameMember(a: GroupMember, b: GroupMember): boolean {
  if (a.text === b.text) return true;
  const va = a.outcome.checked.verdict;
  const vb = b.outcome.checked.verdict;
  return va.holder !== undefined && vb.holder !== undefined && va.cid !== undefined && va.cid === vb.cid;
}

/**
 * The open group's members with the frame's, one row per person: a person seen again takes
 * the newer outcome only if it was logged anew (a changed result, or a re-signed code).
 */
export function mergeMembers(members: readonly GroupMember[], frame: readonly GroupMember[]): GroupMember[] {
  const merged = [...members];
  for (const scan of frame) {
    const index = merged.findIndex((member) => sameMember(member, scan));
    if (index < 0) merged.push(scan);
    else if (scan.outcome.entryId !== null || merged[index]!.outcome.entryId === null) merged[index] = scan;
  }
  return merged;
}

/** What the group's screen shows: its decision (the strictest) and that decision's family (colour, icon, sound). */
export interface GroupView {
  decision: Decision;
  family: VerdictFamily;
  /** The decision that stands per member, in the order they were scanned. */
  decisions: Decision[];
}

export function groupView(members: readonly ScanOutcome[]): GroupView {
  const decisions = members.map(standingOf);
  const decision = groupDecision(decisions);
  // The family of the first member with the group's decision: a forged code among them makes
  // the group's refusal an "invalid" one (call the supervisor), a red code a health one.
  const strictest = members[decisions.indexOf(decision)]!;
  return { decision, family: verdictFamily(strictest.checked.verdict.reason, decision), decisions };
}
