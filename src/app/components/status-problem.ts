/**
 * The one problem the status line names, in plain words with what to do, picked by what
 * the guard must fix first. Raw error texts never reach the scan screen (About shows them).
 */
import type { DataStateView } from '../services/ports.ts';
import type { MessageKey } from '../i18n/en.ts';

export type StatusProblemKey = Extract<MessageKey, `problem.${string}` | `clock.${string}`>;

/** At most one sentence: a refused device, then the clock, then unusable data, then sync trouble. */
export function statusProblem(state: DataStateView): StatusProblemKey | null {
  if (state.syncProblem === 'device_refused') return 'problem.device_refused';
  if (state.clockWarning === 'skewed') return 'clock.skewed';
  if (state.clockWarning === 'went_backwards') return 'clock.went_backwards';
  if (state.problem) return 'problem.trust_unusable';
  if (state.syncProblem === 'invalid_entries') return 'problem.invalid_entries';
  // Offline already says why nothing reaches the server.
  if (!state.online || !state.syncProblem) return null;
  return `problem.${state.syncProblem}`;
}
