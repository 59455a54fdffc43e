/**
 * A device's name as the scanner sends it at enrollment and the console renames it: trimmed,
 * blank meaning unnamed, and otherwise core's label rule (no bidirectional control, not only
 * invisible characters), so the console's device list never shows a name that reorders the
 * text after it or prints as nothing. The schema (SafeText) has already refused NUL, other
 * controls, lone surrogates and over-long names.
 */
import { checkLabel } from '../../core/name-rules.ts';
import { HttpError } from '../http/errors.ts';

/** The name to store; throws a 400 naming `field` when it breaks the rule. */
export function checkedDeviceName(name: string | undefined, field = 'deviceName'): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return '';
  const check = checkLabel(trimmed, 'the device name');
  if (!check.ok) throw new HttpError(400, check.message, { field });
  return trimmed;
}
