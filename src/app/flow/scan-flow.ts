/**
 * The scan → verify → log flow as a small state machine outside the components. A scanned
 * text is checked, its entry written (and committed) BEFORE the verdict shows, then the
 * verdict stays for a few seconds or until a tap. The same code held in front of the camera
 * is logged once (cooldown). Enrollment codes go to the data layer, never to verify().
 */
import { isEnrollmentText, OVERRIDE_REASONS, type Decision, type OverrideReason } from '../../core/index.ts';
import type { CheckedCode } from './check-code.ts';

/** Where a text came from: the camera, or a keyboard-wedge scanner. */
export type ScanSource = 'camera' | 'keyboard';

/** Overrides a guard may record, by decision: the shared vocabulary in core. */
export { OVERRIDE_REASONS, type OverrideReason } from '../../core/index.ts';

/** A shown verdict and what was logged for it. */
export interface ScanOutcome {
  checked: CheckedCode;
  source: ScanSource;
  /** Unix ms of the scan. */
  at: number;
  /** The logged entry; null when this was a repeat within the cooldown (not logged again). */
  entryId: string | null;
  repeat: boolean;
  /** Set when writing the entry failed (storage full, private mode): shown, never hidden. */
  logError?: string;
  override?: { decision: 'admit' | 'refuse'; reason: OverrideReason; at: number };
}

/** What the screens render. */
export type FlowState =
  | { kind: 'scanning' }
  | { kind: 'checking' }
  | { kind: 'verdict'; outcome: ScanOutcome; overriding: boolean }
  | { kind: 'enrolling' }
  | { kind: 'enrolled'; ok: true; checkpoint: string }
  | { kind: 'enrolled'; ok: false; error: string };

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
  logOverride(entryId: string, override: NonNullable<ScanOutcome['override']>): Promise<void>;
  enroll(text: string): Promise<{ ok: true; checkpoint: string } | { ok: false; error: string }>;
  /** Sound and vibration for a decision. */
  announce(decision: Decision): void;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** How long things stay, ms. */
export interface FlowTiming {
  admitMs: number;
  otherMs: number;
  enrollMs: number;
  /** The same code seen again within this time after it was last seen is not logged again. */
  cooldownMs: number;
  /**
   * A verdict stays at least this long before a *different* code in front of the camera
   * replaces it: the queue moves at the speed of the screen, and the next person's code is
   * not missed because the last verdict was still showing, yet each verdict can be read.
   */
  minVerdictMs: number;
}

export const DEFAULT_FLOW_TIMING: FlowTiming = { admitMs: 3000, otherMs: 6000, enrollMs: 5000, cooldownMs: 10_000, minVerdictMs: 1000 };

/** The flow; subscribe() for state changes. */
export class ScanFlow {
  private current: FlowState = { kind: 'scanning' };
  private listeners = new Set<(state: FlowState) => void>();
  private timer: unknown = null;
  /** Codes seen recently: key (cid, else text) → when last seen (ms). */
  private recent = new Map<string, number>();
  /** When the verdict on screen was shown (ms). */
  private shownAt = 0;

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

  /** True while a verdict or enrollment result is on screen: no update reload now. */
  isBusy(): boolean {
    return this.current.kind !== 'scanning';
  }

  /**
   * A decoded text. Taken while scanning, and also over a verdict on screen: a keyboard scan
   * at once (reception desks scan one card after another), a camera code once the verdict
   * has shown for minVerdictMs and only when it is not the code still held up.
   */
  async scanned(text: string, source: ScanSource): Promise<void> {
    const previous = this.current;
    if (previous.kind === 'checking' || previous.kind === 'enrolling' || previous.kind === 'enrolled') return;
    const now = this.deps.now();
    if (previous.kind === 'verdict') {
      if (previous.overriding) return;
      if (source === 'camera' && now - this.shownAt < this.timing.minVerdictMs) return;
    }
    if (isEnrollmentText(text)) return this.enroll(text);

    // Camera repeats of the code still held up are dropped without a new check, so the
    // verdict does not flash again every time the guard dismisses it.
    if (source === 'camera' && this.isRecent(text, now)) {
      this.recent.set(text, now);
      return;
    }
    this.clearTimer();
    this.set({ kind: 'checking' });
    let checked: CheckedCode;
    try {
      checked = await this.deps.check(text, now);
    } catch (error) {
      // verify() returns failures as values; a throw here is a bug or a broken data layer.
      // Go back to scanning rather than show a verdict we cannot stand behind.
      console.error('check failed', error);
      this.set({ kind: 'scanning' });
      return;
    }
    const key = checked.verdict.cid ?? text;
    const repeat = this.isRecent(key, now) || this.isRecent(text, now);
    this.recent.set(key, now);
    this.recent.set(text, now);
    this.prune(now);
    if (repeat && source === 'camera') {
      // A code seen moments ago came back: leave the screen as it was.
      if (previous.kind === 'verdict') this.showVerdict(previous.outcome, false);
      else this.set({ kind: 'scanning' });
      return;
    }

    const outcome: ScanOutcome = { checked, source, at: now, entryId: null, repeat };
    if (!repeat) {
      const entry: FlowEntry = { time: now, reason: checked.verdict.reason, decision: checked.decision };
      if (checked.verdict.cid) entry.cid = checked.verdict.cid;
      if (checked.verdict.kid) entry.kid = checked.verdict.kid;
      try {
        outcome.entryId = await this.deps.log(entry);
      } catch (error) {
        outcome.logError = error instanceof Error ? error.message : String(error);
      }
    }
    this.showVerdict(outcome);
  }

  /** The guard tapped the verdict (or the enrollment result): back to scanning. */
  dismiss(): void {
    if (this.current.kind === 'verdict' || this.current.kind === 'enrolled') this.toScanning();
  }

  /** Opens the override choices; the verdict stays until the guard finishes. */
  startOverride(): void {
    if (this.current.kind !== 'verdict' || !this.current.outcome.entryId) return;
    this.clearTimer();
    this.set({ ...this.current, overriding: true });
  }

  cancelOverride(): void {
    if (this.current.kind !== 'verdict') return;
    this.set({ ...this.current, overriding: false });
    this.armTimer(this.timing.otherMs);
  }

  /** Records the guard's override on the entry, then shows it on the verdict. */
  async override(decision: 'admit' | 'refuse', reason: OverrideReason): Promise<void> {
    const state = this.current;
    if (state.kind !== 'verdict' || !state.outcome.entryId) return;
    if (!(OVERRIDE_REASONS[decision] as readonly string[]).includes(reason)) return;
    const override = { decision, reason, at: this.deps.now() };
    await this.deps.logOverride(state.outcome.entryId, override);
    if (this.current !== state) return;
    this.set({ kind: 'verdict', outcome: { ...state.outcome, override }, overriding: false });
    this.armTimer(this.timing.otherMs);
  }

  private async enroll(text: string): Promise<void> {
    this.set({ kind: 'enrolling' });
    let result: { ok: true; checkpoint: string } | { ok: false; error: string };
    try {
      result = await this.deps.enroll(text);
    } catch (error) {
      result = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    this.set(result.ok ? { kind: 'enrolled', ok: true, checkpoint: result.checkpoint } : { kind: 'enrolled', ok: false, error: result.error });
    this.armTimer(this.timing.enrollMs);
  }

  private showVerdict(outcome: ScanOutcome, announce = true): void {
    this.shownAt = this.deps.now();
    this.set({ kind: 'verdict', outcome, overriding: false });
    if (announce) this.deps.announce(outcome.checked.decision);
    this.armTimer(outcome.checked.decision === 'admit' ? this.timing.admitMs : this.timing.otherMs);
  }

  private toScanning(): void {
    this.clearTimer();
    // Dismissing counts as "seen now": the code still held up is not taken again at once.
    const now = this.deps.now();
    if (this.current.kind === 'verdict') {
      const { checked } = this.current.outcome;
      if (checked.verdict.cid) this.recent.set(checked.verdict.cid, now);
    }
    this.set({ kind: 'scanning' });
  }

  private isRecent(key: string, now: number): boolean {
    const seen = this.recent.get(key);
    return seen !== undefined && now - seen < this.timing.cooldownMs;
  }

  private prune(now: number): void {
    for (const [key, seen] of this.recent) if (now - seen >= this.timing.cooldownMs) this.recent.delete(key);
  }

  private armTimer(ms: number): void {
    this.clearTimer();
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      this.toScanning();
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
