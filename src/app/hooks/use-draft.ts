/**
 * What the guard is typing in a field whose value is saved elsewhere (the checkpoint name in
 * the settings, the device's name on the server). Bound to the saved value instead, any
 * re-render while they typed (their own save of a moment before completing, a sync, a rename
 * in the console) put the saved value back and dropped their keys. A value saved meanwhile
 * shows only when the guard is not typing another.
 */
import { useEffect, useState } from 'preact/hooks';

export interface DraftState {
  /** What the field shows. */
  value: string;
  /** The value last known to be saved. */
  saved: string;
}

export interface Draft extends DraftState {
  /** The guard typed. */
  edit(value: string): void;
  /** This value now stands saved (a save's answer, before `saved` comes back from outside). */
  settle(value: string): void;
}

/** A saved value learnt from outside: the field follows it unless the guard had typed something else. */
export function withSaved(now: DraftState, saved: string): DraftState {
  if (now.saved === saved) return now;
  return { value: now.value === now.saved ? saved : now.value, saved };
}

export function useDraft(saved: string): Draft {
  const [state, setState] = useState<DraftState>({ value: saved, saved });
  useEffect(() => setState((now) => withSaved(now, saved)), [saved]);
  return {
    value: state.value,
    saved: state.saved,
    edit: (value) => setState((now) => ({ ...now, value })),
    settle: (value) => setState({ value, saved: value }),
  };
}
