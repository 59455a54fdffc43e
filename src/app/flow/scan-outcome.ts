/**
 * What one scan gave, as the flow keeps it and the screens show it: a module of its own so the
 * flow (scan-flow.ts) and the grouping (group-flow.ts) both use it without importing each other.
 */
import type { OverrideReason } from '../../core/index.ts';
import type { OverrideDecision } from '../../core/decision.ts';
import type { CheckedCode } from './check-code.ts';

/** Where a text came from: the camera, or a keyboard-wedge scanner. */
export type ScanSource = 'camera' | 'keyboard';

/** The guard's override as recorded on the entry. */
export interface FlowOverride {
  decision: OverrideDecision;
  reason: OverrideReason;
  /** The guard's own words when the reason is "other". */
  note?: string;
  at: number;
}

/** A shown verdict and what was logged for it. */
export interface ScanOutcome {
  checked: CheckedCode;
  source: ScanSource;
  /** Unix ms of the scan. */
  at: number;
  /** The logged entry; null when this was a repeat within the cooldown, or writing failed. */
  entryId: string | null;
  /** The same text with the same result seen within the cooldown: the entry it is already in. */
  repeatOf?: { entryId: string; at: number };
  /** Set when writing the entry failed (storage full, private mode): shown, never hidden. */
  logError?: string;
  override?: FlowOverride;
}
