/**
 * Enrolling this device from a scanned GCENROLL1 text: checked with core's codec, sent to
 * the server it names, and the credential kept in IndexedDB. The code must name the server
 * this app was deployed with (config.json's apiBase, or the app's origin), so a stray or
 * planted enrollment QR cannot send this checkpoint's entry log somewhere else.
 */
import { MAX_DEVICE_NAME, parseEnrollmentText, type CheckpointInfo } from '../../core/index.ts';
import type { GatecheckDb } from '../storage/db.ts';
import { SyncApi } from './api.ts';
import { loadDevice, saveDevice, type DeviceRecord } from './device.ts';
import { HttpError, NetworkError } from './http.ts';
import type { FetchLike } from './http.ts';

/** Why an enrollment failed, for the guard's words (the app translates it); `error` keeps the raw text for About. */
export type EnrollProblem = 'invalid_code' | 'other_server' | 'refused' | 'unreachable' | 'not_configured' | 'failed';

/**
 * The name a device offers for itself at enrollment, in the guard's language ("东门 手机 2"):
 * the checkpoint's name and the number the server suggests (null when it could not say).
 */
export type NameDevice = (checkpoint: string, number: number | null) => string;

/**
 * `already`: this device had enrolled with this very code (read again): nothing was sent.
 * `deviceName`: the name sent with the enrollment ('' when none).
 */
export type EnrollResult =
  | { ok: true; checkpoint: CheckpointInfo; device: DeviceRecord; already?: boolean; deviceName?: string }
  | { ok: false; problem: EnrollProblem; error: string };

/** Hex SHA-256 of an enrollment token (kept instead of the token itself). */
async function digestOf(token: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Enrolls with the offer in `text`; nothing is stored unless the server accepted it. */
export async function enrollFromText(
  text: string,
  deps: { db: GatecheckDb; apiBase: string; fetch?: FetchLike; now: () => number; nameDevice?: NameDevice },
): Promise<EnrollResult> {
  const parsed = parseEnrollmentText(text);
  if (!parsed.ok) return { ok: false, problem: 'invalid_code', error: `not a valid enrollment code: ${parsed.detail}` };
  const offer = parsed.offer;
  if (!sameServer(offer.url, deps.apiBase)) {
    return {
      ok: false,
      problem: 'other_server',
      error: `this enrollment code is for ${offer.url}, but this app is deployed for ${deps.apiBase}`,
    };
  }
  const offerDigest = await digestOf(offer.token);
  const held = await loadDevice(deps.db);
  if (held && held.refusedAt === null && held.offerDigest === offerDigest)
    return { ok: true, checkpoint: held.checkpoint, device: held, already: true };
  const api = new SyncApi(deps.apiBase, deps.fetch);
  try {
    const deviceName = deps.nameDevice ? await offeredName(api, offer.token, offer.checkpoint, deps.nameDevice) : '';
    const enrolled = await api.enroll(offer.token, deviceName || undefined);
    const device: DeviceRecord = {
      ...enrolled,
      apiBase: deps.apiBase,
      enrolledAt: deps.now(),
      refusedAt: null,
      offerDigest,
      // As the server stores it: trimmed, '' when none was sent.
      name: deviceName.trim(),
    };
    await saveDevice(deps.db, device);
    return { ok: true, checkpoint: enrolled.checkpoint, device, deviceName };
  } catch (error) {
    if (error instanceof HttpError && (error.status === 400 || error.status === 401)) {
      return { ok: false, problem: 'refused', error: 'the server refused this enrollment code (already used, expired or unknown)' };
    }
    if (error instanceof NetworkError) {
      return { ok: false, problem: 'unreachable', error: `the server cannot be reached to enroll: ${error.message}` };
    }
    return { ok: false, problem: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The name this device offers: the checkpoint and the number the server suggests (how many
 * devices it has, plus one). Without an answer the number is left out; the enrollment itself
 * then says whether the server is there. Cut to the contract's limit (a long checkpoint name).
 */
async function offeredName(api: SyncApi, token: string, checkpoint: string, nameDevice: NameDevice): Promise<string> {
  let name: string;
  try {
    const preview = await api.previewEnroll(token);
    name = nameDevice(preview.checkpointName, preview.deviceNumber);
  } catch {
    name = nameDevice(checkpoint, null);
  }
  // Whole characters only (a cut surrogate pair would be refused), within the limit in UTF-16 units.
  let kept = '';
  for (const char of name.trim()) {
    if (kept.length + char.length > MAX_DEVICE_NAME) break;
    kept += char;
  }
  return kept.trim();
}

/** Same scheme, host, port and path prefix (case-insensitive host, no trailing slash). */
export function sameServer(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}
