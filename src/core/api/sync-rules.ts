/**
 * The parts of the sync contract a browser needs at run time, without TypeBox: the limits,
 * and the rule on entry times that depends on the clock (a schema cannot say "a little
 * after now"). The schemas themselves are in sync.ts, which re-exports all of this;
 * the scanner imports values from here and types from sync.ts (`import type`), so its
 * start-up bundle never carries TypeBox.
 */
import { checkLabel } from '../name-rules.ts';

/** At most this many entries per POST /api/entries (clients send 500). */
export const MAX_ENTRIES_PER_BATCH = 1000;
/** The server refuses a larger POST /api/entries body with 413. */
export const MAX_ENTRIES_BODY_BYTES = 1024 * 1024;
/** Checkpoint labels, override reasons and clock notes: at most this many UTF-16 units. */
export const MAX_ENTRY_TEXT = 200;
/** The guard's own words when the override reason is "Other": at most this many UTF-16 units. */
export const MAX_OVERRIDE_NOTE = 100;
/** A device's name, as the device sends it at enrollment and the console renames it. */
export const MAX_DEVICE_NAME = 100;

/** No scan is older than the product: 2020-01-01T00:00:00Z (Unix ms). */
export const EPOCH_MS = Date.UTC(2020, 0, 1);
/** A fixed far bound the schema can state (2100-01-01); the clock rule below is the real one. */
export const LATEST_TIME_MS = Date.UTC(2100, 0, 1);
/**
 * How far ahead of the receiver's clock an entry's `time` (and its override's `at`) may be:
 * one day, so a device whose clock runs a few hours fast still uploads, while a time years
 * ahead (which would sort above every real scan and break date formatting) is refused.
 */
export const MAX_CLOCK_AHEAD_MS = 86_400_000;

/** One reason an uploaded entry was refused (the 400 body's `problems`). */
export interface EntryProblem {
  /** Index in the uploaded array; -1 for the request as a whole. */
  index: number;
  /** The field, dotted for nested ones (`override.at`); '' for the entry itself. */
  field: string;
  problem: 'missing' | 'wrong_type' | 'invalid' | 'unknown_field';
}

/** The times of an entry that lie more than MAX_CLOCK_AHEAD_MS after `nowMs` (its problems, or none). */
export function entryTimeProblems(entry: { time: number; override?: { at: number } }, nowMs: number, index = 0): EntryProblem[] {
  const latest = nowMs + MAX_CLOCK_AHEAD_MS;
  const problems: EntryProblem[] = [];
  if (entry.time > latest) problems.push({ index, field: 'time', problem: 'invalid' });
  if (entry.override !== undefined && entry.override.at > latest) problems.push({ index, field: 'override.at', problem: 'invalid' });
  return problems;
}

/**
 * Every rule on an entry a schema cannot state: its times (above), and an override note that
 * would print as nothing or reorder the text after it (core's label rule).
 */
export function entryRuleProblems(
  entry: { time: number; override?: { at: number; note?: string } },
  nowMs: number,
  index = 0,
): EntryProblem[] {
  const problems = entryTimeProblems(entry, nowMs, index);
  const note = entry.override?.note;
  if (note !== undefined && !checkLabel(note, 'the override note').ok) problems.push({ index, field: 'override.note', problem: 'invalid' });
  return problems;
}

/** The 400 message for a list of entry problems (the first one, in words). */
export function describeEntryProblems(problems: readonly EntryProblem[]): string {
  const first = problems[0];
  if (!first) return 'invalid entries';
  const what = `${first.field || 'entry'} is ${first.problem.replace('_', ' ')}`;
  return first.index < 0 ? what : `entry ${first.index}: ${what}`;
}
