/**
 * The enrollment QR text (`GCENROLL1:` + base64url of a small JSON document): what an
 * administrator's console shows and a scanner reads to enroll at a checkpoint. It is
 * recognised by its prefix, so a scanner never mistakes it for a health code.
 */
import { b64uDecode, b64uEncode, utf8DecodeStrict, utf8Encode } from './bytes.ts';

export const ENROLL_PREFIX = 'GCENROLL1:';
/** Longer texts are refused before decoding (a real offer is a few hundred characters). */
export const MAX_ENROLL_TEXT = 2048;
export const MAX_CHECKPOINT_NAME = 100;

/** What an enrollment QR offers: where to enroll, with which one-time token, for which checkpoint. */
export interface EnrollmentOffer {
  v: 1;
  /** Server base URL, http(s), no query or fragment, no trailing slash. */
  url: string;
  /** One-time token for POST /api/devices/enroll. */
  token: string;
  /** Checkpoint display name, shown to the guard before enrolling. */
  checkpoint: string;
}

export type EnrollmentProblem = 'not_enrollment' | 'malformed';

/** Parsing or building result: a value, never an exception. */
export type EnrollmentResult = { ok: true; offer: EnrollmentOffer } | { ok: false; problem: EnrollmentProblem; detail: string };

const URL_PATTERN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+(?::\d{1,5})?(?:\/[^\s?#]*)?$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
// Control characters have no place in a name shown on a guard's screen.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters (to refuse them) is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const KEYS = new Set(['v', 'url', 'token', 'checkpoint']);

/** True when the text claims to be an enrollment offer (whether or not it is well formed). */
export function isEnrollmentText(text: unknown): boolean {
  return typeof text === 'string' && text.startsWith(ENROLL_PREFIX);
}

/** Parses a scanned text; `not_enrollment` for anything without the prefix. Never throws. */
export function parseEnrollmentText(text: unknown): EnrollmentResult {
  if (!isEnrollmentText(text)) return { ok: false, problem: 'not_enrollment', detail: `does not start with ${ENROLL_PREFIX}` };
  const value = text as string;
  if (value.length > MAX_ENROLL_TEXT) return malformed(`longer than ${MAX_ENROLL_TEXT} characters`);
  const bytes = b64uDecode(value.slice(ENROLL_PREFIX.length));
  if (!bytes) return malformed('not base64url');
  const json = utf8DecodeStrict(bytes);
  if (json === null) return malformed('not UTF-8');
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    return malformed('not JSON');
  }
  return checkOffer(document);
}

/** Builds the QR text for an offer (trailing slashes of the URL are dropped); checks it first. */
export function formatEnrollmentText(offer: {
  url: string;
  token: string;
  checkpoint: string;
}): { ok: true; text: string } | { ok: false; problem: 'malformed'; detail: string } {
  const checked = checkOffer({ v: 1, url: offer.url.replace(/\/+$/, ''), token: offer.token, checkpoint: offer.checkpoint });
  if (!checked.ok) return { ok: false, problem: 'malformed', detail: checked.detail };
  const text = ENROLL_PREFIX + b64uEncode(utf8Encode(JSON.stringify(checked.offer)));
  if (text.length > MAX_ENROLL_TEXT) return { ok: false, problem: 'malformed', detail: `longer than ${MAX_ENROLL_TEXT} characters` };
  return { ok: true, text };
}

function checkOffer(document: unknown): EnrollmentResult {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return malformed('not a JSON object');
  const record = document as Record<string, unknown>;
  const extra = Object.keys(record).find((k) => !KEYS.has(k));
  if (extra !== undefined) return malformed(`unknown field ${extra}`);
  const { v, url, token, checkpoint } = record;
  if (v !== 1) return malformed('v must be 1');
  if (typeof url !== 'string' || !URL_PATTERN.test(url) || url.endsWith('/'))
    return malformed('url must be an http(s) base URL without query, fragment or trailing slash');
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return malformed('token must be 16-128 base64url characters');
  if (typeof checkpoint !== 'string' || checkpoint.trim() === '' || checkpoint.length > MAX_CHECKPOINT_NAME || CONTROL.test(checkpoint)) {
    return malformed(`checkpoint must be a name of 1-${MAX_CHECKPOINT_NAME} printable characters`);
  }
  return { ok: true, offer: { v: 1, url, token, checkpoint } };
}

function malformed(detail: string): EnrollmentResult {
  return { ok: false, problem: 'malformed', detail };
}
