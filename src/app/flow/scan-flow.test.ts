import { describe, expect, it } from 'vitest';
import { manualTimers } from '../../../test/support/manual-timers.ts';
import type { Reason } from '../../core/index.ts';
import type { CheckedCode } from './check-code.ts';
import { ScanFlow, type FlowDeps, type FlowEntry, type FlowState } from './scan-flow.ts';

/** A harness with a manual clock and timers; the check result is set per text; `enroll` answers enrollments. */
function harness(enroll?: FlowDeps['enroll']) {
  const events: string[] = [];
  const logged: FlowEntry[] = [];
  const clock = manualTimers();
  const results = new Map<string, { reason: Reason; cid?: string; decision?: CheckedCode['decision'] }>();
  const deps: FlowDeps = {
    async check(text) {
      events.push(`check ${text}`);
      const r = results.get(text) ?? { reason: 'not_a_health_code' as Reason };
      return {
        verdict: { reason: r.reason, cid: r.cid, kid: r.cid ? 'kid' : undefined, freshness: { trust: null, status: null } },
        decision: r.decision ?? (r.reason === 'ok' ? 'admit' : 'refuse'),
        noTrust: false,
      };
    },
    async log(entry) {
      // Writing takes a turn of the event loop (IndexedDB commits are not synchronous); no sleep.
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`logged ${entry.reason}`);
      logged.push(entry);
      return `id-${logged.length}`;
    },
    async logOverride(id, o) {
      events.push(`override ${id} ${o.decision} ${o.reason}`);
    },
    async enroll(text) {
      events.push(`enroll ${text}`);
      return enroll ? enroll(text) : { ok: true, checkpoint: 'Gate 7' };
    },
    announce: (d) => events.push(`announce ${d}`),
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  };
  const flow = new ScanFlow(deps);
  flow.subscribe((s: FlowState) => events.push(`state ${s.kind}`));
  const advance = clock.advance;
  return { flow, events, logged, results, advance };
}

describe('scan flow', () => {
  it('writes the entry before the verdict shows, then announces, then returns to scanning', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.events).toEqual(['state checking', 'check GC1:A', 'logged ok', 'state verdict', 'announce admit']);
    expect(h.logged).toEqual([{ time: 1_000_000, reason: 'ok', decision: 'admit', cid: 'cidA', kid: 'kid' }]);
    expect(h.logged[0]).not.toHaveProperty('name');
    h.advance(3000);
    expect(h.flow.state().kind).toBe('scanning');
  });

  it('logs a code held in front of the camera once, and again after the cooldown', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    await h.flow.scanned('GC1:A', 'camera');
    h.advance(3000);
    for (let i = 0; i < 5; i++) {
      await h.flow.scanned('GC1:A', 'camera');
      h.advance(1000);
    }
    expect(h.logged).toHaveLength(1);
    expect(h.flow.state().kind).toBe('scanning');
    h.advance(11_000);
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.logged).toHaveLength(2);
  });

  it('logs a forged copy after the genuine code, and the genuine code after a forged copy: a cid proves nothing before it verified', async () => {
    const h = harness();
    h.results.set('GC1:GENUINE', { reason: 'ok', cid: 'cidA' });
    h.results.set('GC1:FORGED', { reason: 'bad_signature', cid: 'cidA' });
    await h.flow.scanned('GC1:GENUINE', 'camera');
    h.advance(4000);
    await h.flow.scanned('GC1:FORGED', 'camera');
    let state = h.flow.state();
    expect(state.kind === 'verdict' && state.outcome.checked.verdict.reason).toBe('bad_signature');
    expect(state.kind === 'verdict' && state.outcome.repeatOf).toBeUndefined();
    h.advance(4000);
    await h.flow.scanned('GC1:GENUINE', 'camera'); // seen 8 s ago: in the cooldown, same result
    h.flow.dismiss();
    const other = harness();
    other.results.set('GC1:FORGED', { reason: 'bad_signature', cid: 'cidA' });
    other.results.set('GC1:GENUINE', { reason: 'ok', cid: 'cidA' });
    await other.flow.scanned('GC1:FORGED', 'camera');
    other.advance(4000);
    await other.flow.scanned('GC1:GENUINE', 'camera');
    state = other.flow.state();
    expect(state.kind === 'verdict' && state.outcome.checked.decision).toBe('admit');
    expect(state.kind === 'verdict' && state.outcome.entryId).toBe('id-2');
    expect(h.logged.map((e) => e.reason)).toEqual(['ok', 'bad_signature']);
    expect(other.logged.map((e) => e.reason)).toEqual(['bad_signature', 'ok']);
  });

  it('logs a new text with the same cid (a refreshed holder proof) as its own entry', async () => {
    const h = harness();
    h.results.set('GC1:A1', { reason: 'ok', cid: 'cidA' });
    h.results.set('GC1:A2', { reason: 'ok', cid: 'cidA' });
    await h.flow.scanned('GC1:A1', 'camera');
    h.flow.dismiss();
    await h.flow.scanned('GC1:A2', 'camera');
    expect(h.logged).toHaveLength(2);
  });

  it('logs the same text again when its result changed (a status update in between)', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    await h.flow.scanned('GC1:A', 'camera');
    h.flow.dismiss();
    h.results.set('GC1:A', { reason: 'status_red', cid: 'cidA' });
    // The code still held up is verified again once a second: within it, the known result stands.
    h.advance(500);
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.logged).toHaveLength(1);
    h.advance(500);
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.logged.map((e) => e.reason)).toEqual(['ok', 'status_red']);
    const state = h.flow.state();
    expect(state.kind === 'verdict' && state.outcome.checked.verdict.reason).toBe('status_red');
  });

  it('says at once that the code still in view after a dismissed verdict was just checked, and when', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'status_red', cid: 'cidA' });
    await h.flow.scanned('GC1:A', 'camera');
    h.advance(700);
    h.flow.dismiss();
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.flow.state()).toEqual({ kind: 'scanning', justChecked: { decision: 'refuse', reason: 'status_red', at: 1_000_000 } });
    expect(h.logged).toHaveLength(1);
    expect(h.events.filter((e) => e.startsWith('announce'))).toEqual(['announce health']);
    // The note goes once the code has left the camera's view for a moment.
    h.advance(2500);
    expect(h.flow.state()).toEqual({ kind: 'scanning' });
  });

  it('keeps a fresh verdict: a different camera code within minVerdictMs is ignored', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    h.results.set('GC1:B', { reason: 'status_red', cid: 'cidB' });
    await h.flow.scanned('GC1:A', 'camera');
    h.advance(500);
    await h.flow.scanned('GC1:B', 'camera');
    expect(h.logged).toHaveLength(1);
    const state = h.flow.state();
    expect(state.kind === 'verdict' && state.outcome.checked.verdict.cid).toBe('cidA');
    expect(h.flow.isBusy()).toBe(true);
  });

  it("lets the next person's code replace a verdict that has shown for minVerdictMs", async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    h.results.set('GC1:B', { reason: 'status_red', cid: 'cidB' });
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.flow.wantsFrames()).toBe(true);
    h.advance(1000);
    await h.flow.scanned('GC1:B', 'camera');
    expect(h.logged.map((e) => e.cid)).toEqual(['cidA', 'cidB']);
    const state = h.flow.state();
    expect(state.kind === 'verdict' && state.outcome.checked.verdict.reason).toBe('status_red');
    // The new verdict gets its own full time on screen (6 s for a refusal), not A's remaining 2 s.
    h.advance(5000);
    expect(h.flow.state().kind).toBe('verdict');
    h.advance(1000);
    expect(h.flow.state().kind).toBe('scanning');
  });

  it('does not replace a verdict with the code still held up, nor re-announce it', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    await h.flow.scanned('GC1:A', 'camera');
    h.advance(1500);
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.logged).toHaveLength(1);
    expect(h.events.filter((e) => e.startsWith('announce'))).toEqual(['announce admit']);
    // Checked again quietly (its result could have changed), the screen left as it was.
    expect(h.events.filter((e) => e.startsWith('state'))).toEqual(['state checking', 'state verdict']);
    h.advance(1500);
    expect(h.flow.state().kind).toBe('scanning');
  });

  it('stops taking camera frames while the guard records an override', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'status_red', cid: 'cidA' });
    h.results.set('GC1:B', { reason: 'ok', cid: 'cidB' });
    await h.flow.scanned('GC1:A', 'camera');
    h.flow.startOverride();
    expect(h.flow.wantsFrames()).toBe(false);
    h.advance(2000);
    await h.flow.scanned('GC1:B', 'camera');
    expect(h.logged).toHaveLength(1);
    const state = h.flow.state();
    expect(state.kind === 'verdict' && state.overriding).toBe(true);
  });

  it('sends enrollment codes to enroll(), never to verify, and logs nothing', async () => {
    const h = harness();
    await h.flow.scanned('GCENROLL1:eyJ2IjoxfQ', 'camera');
    expect(h.events).not.toContain('check GCENROLL1:eyJ2IjoxfQ');
    expect(h.logged).toHaveLength(0);
    expect(h.flow.state()).toEqual({ kind: 'enrolled', ok: true, checkpoint: 'Gate 7', already: false, deviceName: '', naming: false });
    h.advance(5000);
    expect(h.flow.state().kind).toBe('scanning');
  });

  it('keeps the enrollment result while the guard names the device, keyboard scans waiting, until the name is saved', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    await h.flow.scanned('GCENROLL1:eyJ2IjoxfQ', 'keyboard');
    h.advance(1000);
    h.flow.startNaming();
    expect(h.flow.state()).toMatchObject({ kind: 'enrolled', ok: true, naming: true });
    h.advance(60_000);
    expect(h.flow.state().kind).toBe('enrolled');
    // A wedge scan meanwhile waits (it would take the screen from under the guard's fingers), and is not lost.
    const waiting = h.flow.scanned('GC1:A', 'keyboard');
    await h.flow.scanned('GC1:A', 'camera');
    expect(h.logged).toHaveLength(0);
    h.flow.named('东门 手机 9');
    await waiting;
    expect(h.logged).toHaveLength(1);
    expect(h.flow.state().kind).toBe('verdict');
  });

  it('lets a naming the guard walked away from time out, so waiting keyboard scans are checked', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    await h.flow.scanned('GCENROLL1:eyJ2IjoxfQ', 'keyboard');
    h.flow.startNaming();
    const waiting = h.flow.scanned('GC1:A', 'keyboard');
    // Typing keeps it: each key holds the result for another namingIdleMs.
    h.advance(100_000);
    h.flow.startNaming();
    h.advance(100_000);
    expect(h.flow.state()).toMatchObject({ kind: 'enrolled', naming: true });
    expect(h.logged).toHaveLength(0);
    // Then nothing for namingIdleMs: the waiting scan is checked and shown.
    h.advance(20_000);
    await waiting;
    expect(h.logged.map((e) => e.cid)).toEqual(['cidA']);
    expect(h.flow.state().kind).toBe('verdict');
  });

  it('goes back to scanning after a saved name, and checks waiting scans when the guard dismisses instead', async () => {
    const h = harness();
    await h.flow.scanned('GCENROLL1:eyJ2IjoxfQ', 'camera');
    h.flow.startNaming();
    h.flow.named('Gate 7 phone 2');
    expect(h.flow.state()).toMatchObject({ kind: 'enrolled', deviceName: 'Gate 7 phone 2', naming: false });
    h.advance(4999);
    expect(h.flow.state().kind).toBe('enrolled');
    h.advance(1);
    expect(h.flow.state().kind).toBe('scanning');

    h.results.set('GC1:B', { reason: 'ok', cid: 'cidB' });
    await h.flow.scanned('GCENROLL1:eyJ2IjoyfQ', 'camera');
    h.flow.startNaming();
    const waiting = h.flow.scanned('GC1:B', 'keyboard');
    h.flow.dismiss();
    await waiting;
    expect(h.logged.map((e) => e.cid)).toEqual(['cidB']);
  });

  it('offers no naming on "already enrolled" or a failed enrollment: the result times out as before', async () => {
    for (const outcome of [
      { ok: true as const, checkpoint: 'Gate 7', already: true },
      { ok: false as const, problem: 'refused' as const, error: 'refused' },
    ]) {
      const h = harness(async () => outcome);
      await h.flow.scanned('GCENROLL1:eyJ2IjoxfQ', 'camera');
      h.flow.startNaming();
      h.flow.named('x');
      expect(h.flow.state()).toMatchObject({ kind: 'enrolled', ok: outcome.ok });
      expect(h.flow.state()).not.toHaveProperty('naming', true);
      expect(h.flow.state()).not.toHaveProperty('deviceName', 'x');
      h.advance(5000);
      expect(h.flow.state().kind).toBe('scanning');
    }
  });

  it('records an override with a listed reason and holds the verdict while choosing', async () => {
    const h = harness();
    h.results.set('GC1:Y', { reason: 'status_yellow', cid: 'cidY', decision: 'refer' });
    await h.flow.scanned('GC1:Y', 'camera');
    h.flow.startOverride();
    h.advance(60_000);
    expect(h.flow.state().kind).toBe('verdict');
    await h.flow.override('admit', 'id_mismatch'); // not an admit reason: ignored
    await h.flow.override('admit', 'supervisor_approved');
    await h.flow.override('refuse', 'other'); // one override per verdict
    expect(h.events).toContain('override id-1 admit supervisor_approved');
    const state = h.flow.state();
    expect(state.kind === 'verdict' && state.outcome.override?.reason).toBe('supervisor_approved');
    h.advance(6000);
    expect(h.flow.state().kind).toBe('scanning');
  });

  it('takes "other" only with a few words of its own, stored with the override', async () => {
    const h = harness();
    h.results.set('GC1:Y', { reason: 'status_yellow', cid: 'cidY', decision: 'refer' });
    await h.flow.scanned('GC1:Y', 'camera');
    h.flow.startOverride();
    for (const note of [undefined, '   ', '\u200b\u2060', 'ok \u202e', 'x'.repeat(101)]) await h.flow.override('admit', 'other', note);
    expect(h.events.filter((e) => e.startsWith('override'))).toEqual([]);
    await h.flow.override('admit', 'other', '  家属来接 family pick-up ');
    const state = h.flow.state();
    expect(state.kind === 'verdict' && state.outcome.override).toMatchObject({ reason: 'other', note: '家属来接 family pick-up' });
  });

  it('offers only the opposite of the shown decision, and announces the decision that stands', async () => {
    const h = harness();
    h.results.set('GC1:R', { reason: 'status_red', cid: 'R' });
    await h.flow.scanned('GC1:R', 'camera');
    h.flow.startOverride();
    await h.flow.override('refuse', 'other'); // refusing a refusal changes nothing: not taken
    expect(h.events.filter((e) => e.startsWith('override'))).toEqual([]);
    await h.flow.override('admit', 'supervisor_approved');
    expect(h.events.filter((e) => e.startsWith('announce'))).toEqual(['announce health', 'announce admit']);
    // The code still held up afterwards reads as admitted, the decision that stands.
    h.flow.dismiss();
    h.advance(100);
    await h.flow.scanned('GC1:R', 'camera');
    const state = h.flow.state();
    expect(state.kind === 'scanning' && state.justChecked?.decision).toBe('admit');
  });

  it('still shows the verdict when the entry could not be written, with the error', async () => {
    const h = harness();
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    (h.flow as unknown as { deps: FlowDeps }).deps.log = async () => {
      throw new Error('QuotaExceededError');
    };
    await h.flow.scanned('GC1:A', 'camera');
    const state = h.flow.state();
    expect(state.kind === 'verdict' && state.outcome.logError).toBe('QuotaExceededError');
  });

  it('shows "could not check" and logs an entry when checking throws: a wedge scan never vanishes', async () => {
    const h = harness();
    const deps = (h.flow as unknown as { deps: FlowDeps }).deps;
    const check = deps.check;
    deps.check = async (text, now) => {
      if (text === 'GC1:BROKEN') throw new Error('IndexedDB went away');
      return check(text, now);
    };
    h.results.set('GC1:A', { reason: 'ok', cid: 'cidA' });
    const error = console.error;
    console.error = () => undefined;
    try {
      await Promise.all([h.flow.scanned('GC1:BROKEN', 'keyboard'), h.flow.scanned('GC1:A', 'keyboard')]);
    } finally {
      console.error = error;
    }
    expect(h.logged.map((e) => [e.reason, e.decision])).toEqual([
      ['check_failed', 'refer'],
      ['ok', 'admit'],
    ]);
    expect(h.events).toContain('announce refer');
  });
});
