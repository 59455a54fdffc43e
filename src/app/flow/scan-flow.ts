/**
 * The scan → verify → log flow as a small state machine outside the components. A scanned
 * text is checked, its entry written (and committed) BEFORE the verdict shows, then the
 * verdict stays for a few seconds or until a tap. The same text with the same result held in
 * front of the camera is logged once (cooldown); anything else is a new entry, whatever cid
 * it claims. Keyboard scans are never dropped (queued behind a check). Enrollment codes go
 * to the data layer, never to verify(). Every code of a camera frame is checked and logged on
 * its own; several together, or one family agent's one after another, show one group verdict
 * (which scans form a group, and its decision: group-flow.ts).
 */
import { isEnrollmentText, OVERRIDE_REASONS, overrideNote, type Decision, type OverrideReason } from '../../core/index.ts';
import { effectiveDecision, overrideChoices, type OverrideDecision } from '../../core/decision.ts';
import { verdictFamily, type VerdictFamily } from '../../core/verdict-family.ts';
import { groupDecision } from '../../core/group.ts';
import { checkFailed, type CheckedCode } from './check-code.ts';
// Why an enrollment failed: the guard is told in their language (i18n `enroll.problem.*`).
import type { EnrollProblem } from '../services/ports.ts';
import { groupView, joinsGroup, mergeMembers, type GroupMember, type OpenGroup } from './group-flow.ts';
import type { FlowOverride, ScanOutcome, ScanSource } from './scan-outcome.ts';

/** What enrolling from a scanned code gave (services.ts maps the data layer's result to it). */
/** `deviceName`: the name the device enrolled under ('' none; absent when already enrolled). */
export type EnrollOutcome =
  | { ok: true; checkpoint: string; already?: boolean; deviceName?: string }
  | { ok: false; problem: EnrollProblem; error: string };

/** Overrides a guard may record, by decision: the shared vocabulary in core. */
export { OVERRIDE_REASONS, type OverrideReason } from '../../core/index.ts';
export type { FlowOverride, ScanOutcome, ScanSource } from './scan-outcome.ts';

/** A code still in view after its verdict went away: what it got, and when it was logged. */
export interface JustChecked {
  /** The decision that stands (an override wins). */
  decision: Decision;
  reason: CheckedCode['verdict']['reason'];
  /** When its entry was written, unix ms. */
  at: number;
}

/** What the screens render. */
export type FlowState =
  | { kind: 'scanning'; justChecked?: JustChecked }
  | { kind: 'checking' }
  /**
   * `group`: two or more people checked together (several codes in one frame, or one family
   * agent's codes one after another), each their own outcome and entry, in scan order;
   * `outcome` is then the latest of them. Absent for a single code: today's single verdict.
   */
  | { kind: 'verdict'; outcome: ScanOutcome; overriding: boolean; group?: ScanOutcome[] }
  | { kind: 'enrolling' }
  /**
   * `already`: this device had enrolled with this very code (still in view after the success).
   * `naming`: the guard is changing the device's name (startNaming): the result stays until
   * they finish, and keyboard scans wait meanwhile.
   */
  | { kind: 'enrolled'; ok: true; checkpoint: string; already: boolean; deviceName: string; naming: boolean }
  /** `problem` is translated for the guard; `error` is the raw text (About, logs). */
  | { kind: 'enrolled'; ok: false; problem: EnrollProblem; error: string };

/** The entry fields the flow hands to the log (never the name or hint). */
export interface FlowEntry {
  time: number;
  reason: CheckedCode['verdict']['reason'];
  decision: Decision;
  cid?: string;
  kid?: string;
}

/** Everything the flow needs from outside; injected so the flow has no DOM or storage code. */
export interface FlowDeps {
  check(text: string, nowMs: number): Promise<CheckedCode>;
  /** Writes the entry and resolves once it is committed; returns its id. */
  log(entry: FlowEntry): Promise<string>;
  logOverride(entryId: string, override: FlowOverride): Promise<void>;
  enroll(text: string): Promise<EnrollOutcome>;
  /** Sound and vibration for a verdict's family (core's verdictFamily). */
  announce(family: VerdictFamily): void;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** How long things stay, ms. */
export interface FlowTiming {
  admitMs: number;
  otherMs: number;
  enrollMs: number;
  /**
   * The same text with the same result seen again within this time after it was last seen
   * is not logged again (the code still held up); anything else is a new entry.
   */
  cooldownMs: number;
  /** How long the "just checked" note stays after the code was last seen. */
  noteMs: number;
  /**
   * The enrollment result stays while the guard names the device, but not for ever: this long
   * after their last focus or key in the name field they have walked away, and the result goes
   * (the name as saved) so that waiting keyboard scans are checked.
   */
  namingIdleMs: number;
  /**
   * A verdict stays at least this long before a *different* code in front of the camera
   * replaces it: the queue moves at the speed of the screen, and the next person's code is
   * not missed because the last verdict was still showing, yet each verdict can be read.
   */
  minVerdictMs: number;
}

export const DEFAULT_FLOW_TIMING: FlowTiming = {
  admitMs: 3000,
  otherMs: 6000,
  enrollMs: 5000,
  cooldownMs: 10_000,
  minVerdictMs: 1000,
  noteMs: 2500,
  namingIdleMs: 120_000,
};

/** A text logged recently: what it got, for the cooldown and the "just checked" note. */
interface RecentScan {
  /** The verifier's result: reason and decision. A different result is a new entry. */
  result: string;
  entryId: string;
  loggedAt: number;
  lastSeen: number;
  /** When this text was last verified (ms): the code still held up is verified again at most once a second. */
  lastChecked: number;
  reason: CheckedCode['verdict']['reason'];
  /** The decision that stands (updated by an override). */
  standing: Decision;
  /** The last check's result, for the code's row when it is shown again in a group. */
  checked: CheckedCode;
}

const RECHECK_MS = 1000;

const resultOf = (checked: CheckedCode) => `${checked.verdict.reason}\u0000${checked.decision}`;

/** The flow; subscribe() for state changes. */
export class ScanFlow {
  private current: FlowState = { kind: 'scanning' };
  private listeners = new Set<(state: FlowState) => void>();
  private timer: unknown = null;
  private noteTimer: unknown = null;
  /**
   * Texts logged recently, by the exact text: nothing a code claims (its cid) is trusted
   * before it verified, so a forged copy of a genuine code never suppresses an entry.
   */
  private recent = new Map<string, RecentScan>();
  /** When the verdict on screen was shown (ms), and its texts (one, or a group's). */
  private shownAt = 0;
  private shownTexts: string[] = [];
  /**
   * The people of the verdict last shown, kept after it timed out (an agent's next code may
   * still join them) until a tap, a code that does not join, or the group window passing.
   */
  private group: OpenGroup | null = null;
  /** True while a text is being handled; keyboard texts arriving meanwhile wait in `queue`. */
  private busy = false;
  private queue: { text: string; done: () => void }[] = [];

  constructor(
    private readonly deps: FlowDeps,
    private readonly timing: FlowTiming = DEFAULT_FLOW_TIMING,
  ) {}

  state(): FlowState {
    return this.current;
  }

  subscribe(listener: (state: FlowState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * True while the camera's frames are wanted: while scanning, and under a verdict (a new
   * code may replace it) unless the guard is recording an override.
   */
  wantsFrames(): boolean {
    const state = this.current;
    return state.kind === 'scanning' || (state.kind === 'verdict' && !state.overriding);
  }

  /** True while a check, a verdict or an enrollment result is on screen: no update reload now. */
  isBusy(): boolean {
    return this.current.kind !== 'scanning';
  }

  /**
   * A decoded text. Camera texts are taken while nothing else is being checked (the camera
   * sees the code again next frame); keyboard texts are never dropped: one arriving during
   * a check, an enrollment or an override waits and is checked after it, in order.
   */
  scanned(text: string, source: ScanSource): Promise<void> {
    if (source === 'camera') return this.scannedFrame([text]);
    if (this.busy || this.guardIsTyping()) return new Promise((done) => this.queue.push({ text, done }));
    return this.run([text], source);
  }

  /**
   * Every distinct text the camera read in one frame. One text is a single scan; several are
   * checked one by one (each verified and logged as its own entry, the cooldown per text)
   * and shown as one group verdict. Dropped while something else is being checked.
   */
  scannedFrame(texts: readonly string[]): Promise<void> {
    const distinct = [...new Set(texts)].filter((text) => text.length > 0);
    if (this.busy || distinct.length === 0) return Promise.resolve();
    return this.run(distinct, 'camera');
  }

  private async run(texts: string[], source: ScanSource): Promise<void> {
    this.busy = true;
    try {
      await this.handle(texts, source);
      // Keyboard scans that came in meanwhile, in order (not while an override is open).
      while (this.queue.length > 0 && !this.guardIsTyping()) {
        const next = this.queue.shift()!;
        await this.handle([next.text], 'keyboard');
        next.done();
      }
    } finally {
      this.busy = false;
    }
  }

  /** The guard is recording an override or naming the device: keyboard scans wait until they finish. */
  private guardIsTyping(): boolean {
    const state = this.current;
    return (state.kind === 'verdict' && state.overriding) || (state.kind === 'enrolled' && state.ok && state.naming);
  }

  private async handle(texts: string[], source: ScanSource): Promise<void> {
    const previous = this.current;
    const now = this.deps.now();
    const shown = (text: string) => this.shownTexts.includes(text);
    if (source === 'camera') {
      if (previous.kind === 'enrolling' || previous.kind === 'enrolled') return;
      // A different code replaces a verdict only after minVerdictMs; the codes on screen (and
      // more of their group read now) are taken at once.
      if (previous.kind === 'verdict' && (previous.overriding || (now - this.shownAt < this.timing.minVerdictMs && !texts.some(shown))))
        return;
    }
    const enrollment = texts.find(isEnrollmentText);
    if (enrollment !== undefined) return this.enroll(enrollment);

    this.prune(now);
    const knowns = texts.map((text) => this.recent.get(text));
    // The codes still held up are checked again quietly (their result changes only with the
    // clock or the status list, so once a second is enough; every frame would take the main
    // thread from the next person's code): the screen changes only if a result did.
    const quiet = source === 'camera' && knowns.every((known) => known !== undefined);
    const fresh = (known: RecentScan | undefined): boolean =>
      source === 'camera' && known !== undefined && now - known.lastChecked < RECHECK_MS;
    if (quiet && knowns.every(fresh)) return this.stillHeldUp(knowns as RecentScan[], texts, now);
    if (!quiet) {
      this.clearTimer();
      this.set({ kind: 'checking' });
    }

    const frame: GroupMember[] = [];
    let logged = false;
    for (const [index, text] of texts.entries()) {
      const known = knowns[index];
      if (known && fresh(known)) {
        known.lastSeen = now;
        frame.push({
          text,
          outcome: { checked: known.checked, source, at: now, entryId: null, repeatOf: { entryId: known.entryId, at: known.loggedAt } },
        });
        continue;
      }
      let checked: CheckedCode;
      try {
        checked = await this.deps.check(text, now);
      } catch (error) {
        // verify() returns failures as values; a throw here is a bug or a broken data layer.
        // The guard is told to try again and the scan is logged: nothing vanishes.
        console.error('check failed', error);
        checked = checkFailed(error, now);
      }
      if (known && known.result === resultOf(checked)) {
        known.lastSeen = now;
        known.lastChecked = now;
        known.checked = checked;
        frame.push({
          text,
          outcome: { checked, source, at: now, entryId: null, repeatOf: { entryId: known.entryId, at: known.loggedAt } },
        });
        continue;
      }
      logged = true;
      frame.push({ text, outcome: await this.logScan(text, checked, source, now) });
    }

    if (frame.length === 0 || (!logged && source === 'camera')) {
      // Nothing new (or nothing checkable): under a verdict the screen stays as it is; on the
      // scan screen the guard sees at once that these codes were just checked, and when.
      if (this.current.kind === 'checking') this.set({ kind: 'scanning' });
      const scans = frame.map((member) => this.recent.get(member.text)).filter((scan): scan is RecentScan => scan !== undefined);
      if (scans.length > 0) this.stillHeldUp(scans, texts, now);
      return;
    }

    const members = joinsGroup(this.group, frame, now) ? mergeMembers(this.group!.members, frame) : frame;
    this.group = { members, seenAt: now };
    this.shownTexts = members.map((member) => member.text);
    if (members.length === 1) this.showVerdict(members[0]!.outcome);
    else this.showGroup(members.map((member) => member.outcome));
  }

  /** The codes in view were all logged with this same result: keep the group open, note on the scan screen. */
  private stillHeldUp(scans: RecentScan[], texts: readonly string[], now: number): void {
    for (const scan of scans) scan.lastSeen = now;
    if (this.group && texts.some((text) => this.group!.members.some((member) => member.text === text))) this.group.seenAt = now;
    if (this.current.kind === 'scanning') this.showNote(scans);
  }

  /** Writes one code's entry (committed before anything shows) and remembers it for the cooldown. */
  private async logScan(text: string, checked: CheckedCode, source: ScanSource, now: number): Promise<ScanOutcome> {
    const outcome: ScanOutcome = { checked, source, at: now, entryId: null };
    const entry: FlowEntry = { time: now, reason: checked.verdict.reason, decision: checked.decision };
    if (checked.verdict.cid) entry.cid = checked.verdict.cid;
    if (checked.verdict.kid) entry.kid = checked.verdict.kid;
    try {
      outcome.entryId = await this.deps.log(entry);
      this.recent.set(text, {
        result: resultOf(checked),
        entryId: outcome.entryId,
        loggedAt: now,
        lastSeen: now,
        lastChecked: now,
        reason: checked.verdict.reason,
        standing: checked.decision,
        checked,
      });
    } catch (error) {
      // Not remembered: the next sighting tries to write it again.
      outcome.logError = error instanceof Error ? error.message : String(error);
    }
    return outcome;
  }

  /** The guard tapped the verdict (or the enrollment result): back to scanning. */
  dismiss(): void {
    if (this.current.kind !== 'verdict' && this.current.kind !== 'enrolled') return;
    this.toScanning();
    // The guard moved on: the next code starts a verdict of its own.
    this.group = null;
    // Keyboard scans that waited while the guard named the device.
    this.drainQueue();
  }

  /**
   * The guard started changing the device's name on the enrollment result (focused or typed
   * in the field): the result stays until they save or dismiss it, never timed away under
   * their fingers. Only after a new enrollment (not "already enrolled", not a failure).
   */
  startNaming(): void {
    const state = this.current;
    if (state.kind !== 'enrolled' || !state.ok || state.already) return;
    // Each focus or key holds the result for another namingIdleMs.
    this.armTimer(this.timing.namingIdleMs, () => this.namingAbandoned());
    if (!state.naming) this.set({ ...state, naming: true });
  }

  /** Nothing typed for namingIdleMs: the guard walked away; the result times out as usual and waiting scans go on. */
  private namingAbandoned(): void {
    const state = this.current;
    if (state.kind !== 'enrolled' || !state.ok || !state.naming) return;
    this.set({ ...state, naming: false });
    this.armTimer(this.timing.enrollMs);
    this.drainQueue();
  }

  /**
   * The server took the device's new name (`name`, as stored): the result shows it, goes
   * away after the usual time, and keyboard scans that waited are checked.
   */
  named(name: string): void {
    const state = this.current;
    if (state.kind !== 'enrolled' || !state.ok || state.already) return;
    this.set({ ...state, deviceName: name, naming: false });
    this.armTimer(this.timing.enrollMs);
    this.drainQueue();
  }

  /**
   * From a group verdict, one person's own verdict (what their single scan showed, with the
   * override offered): the group stays open behind it, the codes in view keep it on screen.
   */
  openMember(index: number): void {
    const state = this.current;
    const outcome = state.kind === 'verdict' ? state.group?.[index] : undefined;
    if (!outcome) return;
    this.shownAt = this.deps.now();
    this.set({ kind: 'verdict', outcome, overriding: false });
    this.armTimer(this.timing.otherMs);
  }

  /** Opens the override choices; the verdict stays until the guard finishes. */
  startOverride(): void {
    // A group verdict offers no override of its own: openMember() shows one person's verdict, which does.
    if (this.current.kind !== 'verdict' || this.current.group || !this.current.outcome.entryId || this.current.outcome.override) return;
    this.clearTimer();
    this.set({ ...this.current, overriding: true });
  }

  cancelOverride(): void {
    if (this.current.kind !== 'verdict') return;
    this.set({ ...this.current, overriding: false });
    this.armTimer(this.timing.otherMs);
    this.drainQueue();
  }

  /**
   * Records the guard's override on the entry, then shows the decision that now stands.
   * Only the opposite of the shown decision, with a reason of its list, is taken.
   */
  async override(decision: OverrideDecision, reason: OverrideReason, note?: string): Promise<void> {
    const state = this.current;
    if (state.kind !== 'verdict' || state.group || !state.outcome.entryId || state.outcome.override) return;
    if (!overrideChoices(state.outcome.checked.decision).includes(decision)) return;
    if (!(OVERRIDE_REASONS[decision] as readonly string[]).includes(reason)) return;
    // "Other" takes the guard's own words, required; the other reasons take none.
    const noted = overrideNote(reason, note);
    if (!noted.ok) return;
    const override = { decision, reason, ...(noted.note ? { note: noted.note } : {}), at: this.deps.now() };
    await this.deps.logOverride(state.outcome.entryId, override);
    for (const scan of this.recent.values()) if (scan.entryId === state.outcome.entryId) scan.standing = decision;
    // The person's row in their group shows the decision that now stands too.
    for (const member of this.group?.members ?? [])
      if (member.outcome.entryId === state.outcome.entryId) member.outcome = { ...member.outcome, override };
    if (this.current !== state) return;
    const outcome = { ...state.outcome, override };
    this.set({ kind: 'verdict', outcome, overriding: false });
    this.deps.announce(verdictFamily(outcome.checked.verdict.reason, effectiveDecision({ decision: outcome.checked.decision, override })));
    this.armTimer(this.timing.otherMs);
    this.drainQueue();
  }

  private drainQueue(): void {
    const next = this.queue.shift();
    if (!next || this.busy) {
      if (next) this.queue.unshift(next);
      return;
    }
    void this.run([next.text], 'keyboard').then(next.done);
  }

  private async enroll(text: string): Promise<void> {
    this.clearTimer();
    this.set({ kind: 'enrolling' });
    let result: EnrollOutcome;
    try {
      result = await this.deps.enroll(text);
    } catch (error) {
      result = { ok: false, problem: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    this.set(
      result.ok
        ? {
            kind: 'enrolled',
            ok: true,
            checkpoint: result.checkpoint,
            already: result.already === true,
            deviceName: result.deviceName ?? '',
            naming: false,
          }
        : { kind: 'enrolled', ok: false, problem: result.problem, error: result.error },
    );
    this.armTimer(this.timing.enrollMs);
  }

  private showVerdict(outcome: ScanOutcome): void {
    this.clearNote();
    this.shownAt = this.deps.now();
    this.set({ kind: 'verdict', outcome, overriding: false });
    this.deps.announce(verdictFamily(outcome.checked.verdict.reason, outcome.checked.decision));
    this.armTimer(outcome.checked.decision === 'admit' ? this.timing.admitMs : this.timing.otherMs);
  }

  /** One group verdict for several people: the strictest decision's colour, sound and time on screen. */
  private showGroup(group: ScanOutcome[]): void {
    this.clearNote();
    this.shownAt = this.deps.now();
    const view = groupView(group);
    this.set({ kind: 'verdict', outcome: group[group.length - 1]!, overriding: false, group });
    this.deps.announce(view.family);
    this.armTimer(view.decision === 'admit' ? this.timing.admitMs : this.timing.otherMs);
  }

  /** "Just checked" for the codes in view: the strictest of their decisions, the latest time. */
  private showNote(scans: readonly RecentScan[]): void {
    const current = this.current;
    const decision = groupDecision(scans.map((scan) => scan.standing));
    const strictest = scans.find((scan) => scan.standing === decision)!;
    const note: JustChecked = { decision, reason: strictest.reason, at: Math.max(...scans.map((scan) => scan.loggedAt)) };
    const same = current.kind === 'scanning' && current.justChecked?.at === note.at && current.justChecked.decision === note.decision;
    if (!same) this.set({ kind: 'scanning', justChecked: note });
    if (this.noteTimer !== null) this.deps.clearTimer(this.noteTimer);
    this.noteTimer = this.deps.setTimer(() => {
      this.noteTimer = null;
      if (this.current.kind === 'scanning' && this.current.justChecked) this.set({ kind: 'scanning' });
    }, this.timing.noteMs);
  }

  private clearNote(): void {
    if (this.noteTimer !== null) this.deps.clearTimer(this.noteTimer);
    this.noteTimer = null;
  }

  private toScanning(): void {
    this.clearTimer();
    // Dismissing counts as "seen now": the code still held up is not logged again, and the
    // note says at once that it was just checked.
    const state = this.current;
    if (state.kind === 'verdict') {
      for (const outcome of state.group ?? [state.outcome]) {
        const scan = [...this.recent.values()].find(
          (recent) => recent.entryId === outcome.entryId || recent.entryId === outcome.repeatOf?.entryId,
        );
        if (scan) scan.lastSeen = this.deps.now();
      }
    }
    this.shownTexts = [];
    this.set({ kind: 'scanning' });
  }

  private prune(now: number): void {
    for (const [text, scan] of this.recent) if (now - scan.lastSeen >= this.timing.cooldownMs) this.recent.delete(text);
  }

  /** The screen's one timer: `then` (back to scanning by default) after `ms`, replacing any other. */
  private armTimer(ms: number, then: () => void = () => this.toScanning()): void {
    this.clearTimer();
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      then();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
  }

  private set(state: FlowState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
