import { describe, expect, it } from 'vitest';
import { manualTimers } from '../../../test/support/manual-timers.ts';
import type { Reason } from '../../core/index.ts';
import { GROUP_WINDOW_MS } from '../../core/group.ts';
import type { CheckedCode } from './check-code.ts';
import { groupView, joinsGroup, mergeMembers } from './group-flow.ts';
import { ScanFlow, type FlowDeps, type FlowEntry, type FlowState, type ScanOutcome } from './scan-flow.ts';

interface Result {
  reason: Reason;
  cid?: string;
  /** The verified holder key: set only for codes whose issuer signature verified. */
  holderKey?: string;
  name?: string;
}

const decisionOf = (reason: Reason) => (reason === 'ok' ? 'admit' : reason === 'status_yellow' ? 'refer' : 'refuse');

function checked(r: Result): CheckedCode {
  const holder = r.name
    ? {
        name: r.name,
        hint: '1234',
        region: 440300,
        iat: 0,
        exp: 2_000_000_000,
        printedStatus: 'green' as const,
        holderBound: r.holderKey !== undefined,
        ...(r.holderKey ? { holderKey: r.holderKey } : {}),
      }
    : undefined;
  return {
    verdict: {
      reason: r.reason,
      cid: r.cid,
      kid: r.cid ? 'kid' : undefined,
      ...(holder ? { holder } : {}),
      freshness: { trust: null, status: null },
    },
    decision: decisionOf(r.reason),
    noTrust: false,
  };
}

/** A harness with a manual clock and timers; the check result is set per text. */
function harness() {
  const events: string[] = [];
  const logged: FlowEntry[] = [];
  const clock = manualTimers();
  const results = new Map<string, Result>();
  const deps: FlowDeps = {
    async check(text) {
      events.push(`check ${text}`);
      return checked(results.get(text) ?? { reason: 'not_a_health_code' });
    },
    async log(entry) {
      logged.push(entry);
      return `id-${logged.length}`;
    },
    async logOverride() {},
    async enroll() {
      return { ok: true, checkpoint: 'Gate 7' };
    },
    announce: (family) => events.push(`announce ${family}`),
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  };
  const flow = new ScanFlow(deps);
  const states: FlowState[] = [];
  flow.subscribe((s) => states.push(s));
  const advance = clock.advance;
  const group = () => {
    const state = flow.state();
    return state.kind === 'verdict' ? state.group : undefined;
  };
  return { flow, events, logged, results, advance, group, states };
}

/** An agent's family: holder-bound codes all bound to the agent's key. */
function family(h: ReturnType<typeof harness>) {
  h.results.set('GC1:MUM', { reason: 'ok', cid: 'c-mum', holderKey: 'agentKey', name: '王*华' });
  h.results.set('GC1:KID', { reason: 'ok', cid: 'c-kid', holderKey: 'agentKey', name: '王*明' });
  h.results.set('GC1:GRAN', { reason: 'status_red', cid: 'c-gran', holderKey: 'agentKey', name: '李*芳' });
  h.results.set('GC1:OTHER', { reason: 'ok', cid: 'c-other', holderKey: 'otherKey', name: '张*三' });
  h.results.set('GC1:STATIC', { reason: 'ok', cid: 'c-static', name: '赵*四' });
  // A forged copy: the signature failed, so verify() gives no holder (and no key) at all.
  h.results.set('GC1:FORGED', { reason: 'bad_signature', cid: 'c-kid' });
}

const rows = (group: ScanOutcome[] | undefined) =>
  group?.map((o) => ({ reason: o.checked.verdict.reason, name: o.checked.verdict.holder?.name ?? null, entry: o.entryId }));

describe('group verdicts in the scan flow', () => {
  it('several codes in one frame: each checked and logged as its own entry, one group verdict with the strictest decision', async () => {
    const h = harness();
    family(h);
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:KID', 'GC1:GRAN']);
    expect(h.logged.map((e) => ({ cid: e.cid, reason: e.reason, decision: e.decision }))).toEqual([
      { cid: 'c-mum', reason: 'ok', decision: 'admit' },
      { cid: 'c-kid', reason: 'ok', decision: 'admit' },
      { cid: 'c-gran', reason: 'status_red', decision: 'refuse' },
    ]);
    expect(h.logged.every((e) => !('name' in e))).toBe(true);
    expect(rows(h.group())).toEqual([
      { reason: 'ok', name: '王*华', entry: 'id-1' },
      { reason: 'ok', name: '王*明', entry: 'id-2' },
      { reason: 'status_red', name: '李*芳', entry: 'id-3' },
    ]);
    expect(groupView(h.group()!)).toMatchObject({ decision: 'refuse', family: 'health', decisions: ['admit', 'admit', 'refuse'] });
    // One announcement, for the group's decision.
    expect(h.events.filter((e) => e.startsWith('announce'))).toEqual(['announce health']);
    // The refused group stays as long as any refusal; no override is offered on a group.
    h.flow.startOverride();
    expect(h.flow.state()).toMatchObject({ kind: 'verdict', overriding: false });
    h.advance(5999);
    expect(h.flow.state().kind).toBe('verdict');
    h.advance(1);
    expect(h.flow.state().kind).toBe('scanning');
  });

  it('a single code still gets the single verdict, with no group', async () => {
    const h = harness();
    family(h);
    await h.flow.scannedFrame(['GC1:MUM']);
    expect(h.flow.state()).toMatchObject({ kind: 'verdict', outcome: { entryId: 'id-1' } });
    expect(h.group()).toBeUndefined();
  });

  it('the same group held up is logged once; more of it read in a later frame joins without a new entry for the others', async () => {
    const h = harness();
    family(h);
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:KID']);
    h.advance(200);
    await h.flow.scannedFrame(['GC1:KID', 'GC1:MUM']);
    h.advance(200);
    await h.flow.scannedFrame(['GC1:MUM']);
    expect(h.logged).toHaveLength(2);
    h.advance(200);
    // The third code was not read at first: it joins the group on screen at once.
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:KID', 'GC1:GRAN']);
    expect(h.logged.map((e) => e.cid)).toEqual(['c-mum', 'c-kid', 'c-gran']);
    expect(rows(h.group())?.map((r) => r.entry)).toEqual(['id-1', 'id-2', 'id-3']);
    // After the verdict, the group still in view: the note, with the strictest result; no new entries.
    h.advance(6000);
    expect(h.flow.state().kind).toBe('scanning');
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:KID', 'GC1:GRAN']);
    expect(h.flow.state()).toMatchObject({ kind: 'scanning', justChecked: { decision: 'refuse', reason: 'status_red' } });
    expect(h.logged).toHaveLength(3);
  });

  it("an agent's codes one after another within the window form one group; each is its own entry", async () => {
    const h = harness();
    family(h);
    await h.flow.scannedFrame(['GC1:MUM']);
    expect(h.group()).toBeUndefined();
    h.advance(1500);
    await h.flow.scannedFrame(['GC1:KID']);
    expect(rows(h.group())).toEqual([
      { reason: 'ok', name: '王*华', entry: 'id-1' },
      { reason: 'ok', name: '王*明', entry: 'id-2' },
    ]);
    // The verdict timed out (3 s for admit) but the agent's next code still joins.
    h.advance(4000);
    expect(h.flow.state().kind).toBe('scanning');
    await h.flow.scannedFrame(['GC1:GRAN']);
    expect(rows(h.group())?.map((r) => r.reason)).toEqual(['ok', 'ok', 'status_red']);
    expect(h.flow.state()).toMatchObject({ kind: 'verdict' });
    expect(groupView(h.group()!).decision).toBe('refuse');
    expect(h.logged.map((e) => e.cid)).toEqual(['c-mum', 'c-kid', 'c-gran']);
  });

  it("a member's code re-signed by the agent's phone (a new text, the same verified cid) is a new entry but stays one row", async () => {
    const h = harness();
    family(h);
    h.results.set('GC1:MUM-RESIGNED', { reason: 'ok', cid: 'c-mum', holderKey: 'agentKey', name: '王*华' });
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:KID']);
    h.advance(1200);
    await h.flow.scannedFrame(['GC1:MUM-RESIGNED', 'GC1:KID']);
    expect(h.logged.map((e) => e.cid)).toEqual(['c-mum', 'c-kid', 'c-mum']);
    expect(rows(h.group())).toEqual([
      { reason: 'ok', name: '王*华', entry: 'id-3' },
      { reason: 'ok', name: '王*明', entry: 'id-2' },
    ]);
    // A forged copy claiming the same cid has no verified holder: its own row, never a replacement.
    h.advance(1200);
    await h.flow.scannedFrame(['GC1:MUM-RESIGNED', 'GC1:KID', 'GC1:FORGED']);
    expect(rows(h.group())?.map((r) => r.reason)).toEqual(['ok', 'ok', 'bad_signature']);
  });

  it('keyboard scans of one agent group the same way', async () => {
    const h = harness();
    family(h);
    await h.flow.scanned('GC1:MUM', 'keyboard');
    h.advance(2000);
    await h.flow.scanned('GC1:KID', 'keyboard');
    expect(rows(h.group())?.map((r) => r.entry)).toEqual(['id-1', 'id-2']);
  });

  it('a forged code, another family, a static code or a late code never joins: each gets its own verdict', async () => {
    for (const [next, wait] of [
      ['GC1:FORGED', 1500],
      ['GC1:OTHER', 1500],
      ['GC1:STATIC', 1500],
      ['GC1:KID', GROUP_WINDOW_MS + 1],
    ] as const) {
      const h = harness();
      family(h);
      await h.flow.scannedFrame(['GC1:MUM']);
      h.advance(wait);
      await h.flow.scannedFrame([next]);
      expect(h.group(), next).toBeUndefined();
      expect(h.flow.state(), next).toMatchObject({ kind: 'verdict', outcome: { entryId: 'id-2' } });
      expect(h.logged, next).toHaveLength(2);
    }
  });

  it('a forged code in the same frame is its own row and refuses the group; after a tap the next code starts afresh', async () => {
    const h = harness();
    family(h);
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:FORGED']);
    expect(rows(h.group())).toEqual([
      { reason: 'ok', name: '王*华', entry: 'id-1' },
      { reason: 'bad_signature', name: null, entry: 'id-2' },
    ]);
    expect(groupView(h.group()!)).toMatchObject({ decision: 'refuse', family: 'invalid' });
    h.flow.dismiss();
    h.advance(500);
    await h.flow.scannedFrame(['GC1:KID']);
    expect(h.group()).toBeUndefined();
    expect(h.logged).toHaveLength(3);
  });

  it('a different code replaces a group only after the minimum time, and never joins it', async () => {
    const h = harness();
    family(h);
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:KID']);
    h.advance(300);
    await h.flow.scannedFrame(['GC1:OTHER']);
    expect(h.logged).toHaveLength(2);
    h.advance(800);
    await h.flow.scannedFrame(['GC1:OTHER']);
    expect(h.group()).toBeUndefined();
    expect(h.flow.state()).toMatchObject({ kind: 'verdict', outcome: { entryId: 'id-3' } });
  });
});

describe('one person of a group', () => {
  it("a row opens that person's own verdict with the override; the override shows in their row when the group shows again", async () => {
    const h = harness();
    family(h);
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:GRAN']);
    h.flow.openMember(1);
    expect(h.flow.state()).toMatchObject({ kind: 'verdict', outcome: { entryId: 'id-2' } });
    expect(h.group()).toBeUndefined();
    // The codes still in view keep this person's verdict on screen.
    h.advance(1200);
    await h.flow.scannedFrame(['GC1:MUM', 'GC1:GRAN']);
    expect(h.flow.state()).toMatchObject({ kind: 'verdict', outcome: { entryId: 'id-2' } });
    h.flow.startOverride();
    await h.flow.override('admit', 'supervisor_approved');
    expect(h.flow.state()).toMatchObject({ kind: 'verdict', outcome: { entryId: 'id-2', override: { decision: 'admit' } } });
    // The agent's third code joins: the group shows again, the overridden row as it now stands.
    h.advance(1200);
    await h.flow.scannedFrame(['GC1:KID']);
    expect(groupView(h.group()!)).toMatchObject({ decisions: ['admit', 'admit', 'admit'], decision: 'admit' });
    expect(h.logged).toHaveLength(3);
  });
});

describe('joinsGroup and mergeMembers', () => {
  const outcome = (r: Result, entryId: string | null): ScanOutcome => ({ checked: checked(r), source: 'camera', at: 0, entryId });
  const mum = { text: 'A', outcome: outcome({ reason: 'ok', holderKey: 'k', name: 'a' }, 'e1') };
  const kid = { text: 'B', outcome: outcome({ reason: 'ok', holderKey: 'k', name: 'b' }, 'e2') };
  const stranger = { text: 'C', outcome: outcome({ reason: 'ok', holderKey: 'x', name: 'c' }, 'e3') };

  it('joins by a shared verified key within the window, or by a text already in the group', () => {
    expect(joinsGroup(null, [kid], 10)).toBe(false);
    expect(joinsGroup({ members: [mum], seenAt: 0 }, [kid], GROUP_WINDOW_MS)).toBe(true);
    expect(joinsGroup({ members: [mum], seenAt: 0 }, [kid], GROUP_WINDOW_MS + 1)).toBe(false);
    expect(joinsGroup({ members: [mum], seenAt: 0 }, [stranger], 10)).toBe(false);
    expect(joinsGroup({ members: [mum], seenAt: 0 }, [mum, stranger], 10)).toBe(true);
  });

  it("the group's decision is the strictest: refer over admit, refuse over both; a guard's override counts", () => {
    const yellow = outcome({ reason: 'status_yellow', holderKey: 'k', name: 'y' }, 'e4');
    const red = outcome({ reason: 'status_red', holderKey: 'k', name: 'r' }, 'e5');
    expect(groupView([mum.outcome, kid.outcome])).toMatchObject({ decision: 'admit', family: 'admit' });
    expect(groupView([mum.outcome, yellow])).toMatchObject({ decision: 'refer', family: 'refer' });
    expect(groupView([yellow, red, mum.outcome])).toMatchObject({
      decision: 'refuse',
      family: 'health',
      decisions: ['refer', 'refuse', 'admit'],
    });
    const overridden = { ...red, override: { decision: 'admit' as const, reason: 'supervisor_approved' as const, at: 0 } };
    expect(groupView([mum.outcome, overridden]).decision).toBe('admit');
  });

  it('keeps the first entry of a text seen again unless it was logged anew', () => {
    const repeat = { text: 'A', outcome: { ...mum.outcome, entryId: null, repeatOf: { entryId: 'e1', at: 0 } } };
    expect(mergeMembers([mum], [repeat, kid]).map((m) => m.outcome.entryId)).toEqual(['e1', 'e2']);
    const changed = { text: 'A', outcome: { ...mum.outcome, entryId: 'e9' } };
    expect(mergeMembers([mum, kid], [changed]).map((m) => m.outcome.entryId)).toEqual(['e9', 'e2']);
  });
});
