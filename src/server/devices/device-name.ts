/**
 * A device's name as the scanner sends it at enrollment, the device renames itself and the
 * console renames it: core's one rule (checkDeviceName: trimmed, blank meaning unnamed, no
 * bidirectional control, not only invisible characters). The schema (SafeText) has already
 * refused NUL, other controls, lone surrogates and over-long names.
 */
import { checkDeviceName } from '../../core/device-name.ts';
import { HttpError } from '../http/errors.ts';

/** The name to store; throws a 400 naming `field` and the rule's `problem` when it breaks the rule. */
export function checkedDeviceName(name: string | undefined, field = 'deviceName'): string {
  const check = checkDeviceName(name);
  if (!check.ok) throw new HttpError(400, check.message, { field, problem: check.problem });
  return check.name;
}
