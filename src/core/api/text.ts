/**
 * Building blocks of the HTTP contract's schemas (TypeBox). Every text a client sends is
 * checked here once: no NUL, no other control characters, no lone surrogates (PostgreSQL
 * cannot store them, and a guard's screen should never show them), and a length in UTF-16
 * code units. The server's Ajv runs these patterns with the `u` flag, where [\uD800-\uDFFF]
 * matches only a surrogate that is not half of a pair.
 *
 * Modules under src/core/api are imported by module, never through core's index, so the
 * scanner's bundle never carries TypeBox: clients use their types only (`import type`).
 */
import { Type, type TString } from 'typebox';

/** One line of text: no C0/C1 controls, no DEL, no lone surrogates. */
export const SINGLE_LINE_PATTERN = '^[^\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff]*$';
/** Several lines: as a single line, but tab, line feed and carriage return are allowed. */
export const MULTI_LINE_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\ud800-\\udfff]*$';

/** A single line of at most `max` (and at least `min`, default 0) characters. */
export function SafeText(max: number, min = 0, description?: string): TString {
  return Type.String({ minLength: min, maxLength: max, pattern: SINGLE_LINE_PATTERN, ...(description ? { description } : {}) });
}

/** Free text that may span lines (a rejection reason, a note). */
export function SafeMultilineText(max: number, min = 0): TString {
  return Type.String({ minLength: min, maxLength: max, pattern: MULTI_LINE_PATTERN });
}

/** The same check for code paths outside a schema (CLI, stores): true when `value` would pass SafeText. */
export function isSafeText(value: string, max: number, min = 0): boolean {
  return value.length >= min && value.length <= max && new RegExp(SINGLE_LINE_PATTERN, 'u').test(value);
}

/** A canonical UUID (any case), as devices and the server choose ids. */
export const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });

/** base64url without padding of exactly `bytes` bytes (the decoder still checks padding bits). */
export function B64u(bytes: number): TString {
  const chars = Math.ceil((bytes * 8) / 6);
  return Type.String({ minLength: chars, maxLength: chars, pattern: '^[A-Za-z0-9_-]*$' });
}

/** Every 4xx/5xx body. */
export const ErrorBody = Type.Object({
  error: Type.String(),
  /** Which field was wrong, when one was. */
  field: Type.Optional(Type.String()),
});
