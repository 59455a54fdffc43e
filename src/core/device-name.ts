/**
 * A device's name, one rule for everyone who sets it: the scanner at enrollment and when the
 * guard renames it (checked on the phone before anything is sent, so the guard is told at
 * once in their language), and the server for the device and the console alike. Trimmed; blank
 * means unnamed; at most MAX_DEVICE_NAME UTF-16 units; and core's label rule (no bidirectional
 * control, not only invisible characters), so the console's device list never shows a name
 * that reorders the text after it or prints as nothing. NUL, other controls and lone
 * surrogates are refused by the API's SafeText before this runs on the server; an input field
 * on the phone cannot hold them. Failures are values.
 */
import { MAX_DEVICE_NAME } from './api/sync-rules.ts';
import { checkLabel } from './name-rules.ts';

/** Why a device name is not taken (the 400's `problem`, and the scanner's words for it). */
export const DEVICE_NAME_PROBLEMS = ['too_long', 'bidi_control', 'invisible'] as const;
export type DeviceNameProblem = (typeof DEVICE_NAME_PROBLEMS)[number];

/** True for one of DEVICE_NAME_PROBLEMS (a server's 400 names one). */
export function isDeviceNameProblem(value: unknown): value is DeviceNameProblem {
  return (DEVICE_NAME_PROBLEMS as readonly unknown[]).includes(value);
}

/** The name to store (trimmed, '' for unnamed), or why not. */
export function checkDeviceName(
  name: string | undefined,
): { ok: true; name: string } | { ok: false; problem: DeviceNameProblem; message: string } {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return { ok: true, name: '' };
  if (trimmed.length > MAX_DEVICE_NAME)
    return { ok: false, problem: 'too_long', message: `the device name is longer than ${MAX_DEVICE_NAME} characters` };
  const check = checkLabel(trimmed, 'the device name');
  return check.ok ? { ok: true, name: trimmed } : { ok: false, problem: check.problem, message: check.message };
}
